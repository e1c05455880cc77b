/** What a metal-priced item costs, with every input shown (the counter explains the price). */
export interface MetalQuote {
  metal: string;
  day: string;
  currency: string;
  weightGrams: number;
  fineness: number;
  pricePerGramMinor: number;
  /** weight x fineness/1000 x price per gram of pure metal, rounded to the minor unit. */
  metalValueMinor: number;
  makingChargeMinor: number;
  totalMinor: number;
}

export function metalQuote(input: { metal: string; day: string; currency: string; weightMg: number; fineness: number; pricePerGramMinor: number; makingChargeMinor: number }): MetalQuote {
  // Integer arithmetic to the last step: mg x per-mille x minor/g, divided by 10^6 once.
  const metalValueMinor = Math.round((input.weightMg * input.fineness * input.pricePerGramMinor) / 1_000_000);
  return {
    metal: input.metal,
    day: input.day,
    currency: input.currency,
    weightGrams: input.weightMg / 1000,
    fineness: input.fineness,
    pricePerGramMinor: input.pricePerGramMinor,
    metalValueMinor,
    makingChargeMinor: input.makingChargeMinor,
    totalMinor: metalValueMinor + input.makingChargeMinor,
  };
}
