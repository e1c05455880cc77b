import { Injectable } from '@nestjs/common';
import type { PriceLine } from '../../workflows/shared/job-model.js';
import type { PriceLineDto } from '../jobs/dto/job-parts.dto.js';
import { type FieldProblem, validationFailed } from '../platform/http/validation.js';
import { todayIn } from '../platform/time/shop-calendar.js';
import type { Store } from '../stores/store.entity.js';
import { metalQuote } from './metal-pricing.js';
import { MetalPrices } from './metal-prices.service.js';
import { metalPriceError } from './metal-price-errors.js';

/**
 * Estimate lines as a job's workflow takes them: each with its price of one. A metal-priced line
 * gets weight x fineness x the store's metal price of the day + making charge, and its
 * description says so, so the estimate shows its inputs wherever it is read.
 */
@Injectable()
export class PriceLines {
  constructor(private readonly metalPrices: MetalPrices) {}

  async resolve(lines: PriceLineDto[], store: Store, field: string): Promise<PriceLine[]> {
    const problems: FieldProblem[] = lines.flatMap((line, index) => {
      const at = `${field}.${index}`;
      if ((line.unitMinor === undefined) === (line.metalPricing === undefined)) return [{ field: `${at}.unitMinor`, problems: [`${at} needs unitMinor or metalPricing, not both`] }];
      if (line.metalPricing && line.kind !== 'metal') return [{ field: `${at}.kind`, problems: [`${at}.kind must be metal when the line has metalPricing`] }];
      return [];
    });
    if (problems.length > 0) throw validationFailed(problems);
    const day = todayIn(store.timeZone);
    return Promise.all(
      lines.map(async (line, index) => {
        if (!line.metalPricing) return { kind: line.kind, description: line.description, quantity: line.quantity, unitMinor: line.unitMinor! };
        const { metal, fineness, weightMg, makingChargeMinor = 0 } = line.metalPricing;
        const price = await this.metalPrices.priceOn(metal, day, store.currency);
        if (!price) {
          throw metalPriceError('METAL_PRICE_MISSING', `No ${metal} price in ${store.currency} on or before ${day}: a manager enters it at POST /metal-prices.`, { field: `${field}.${index}.metalPricing` });
        }
        const quote = metalQuote({ ...price, weightMg, fineness, makingChargeMinor });
        const inputs = `${(weightMg / 1000).toFixed(3)} g x ${fineness}/1000 x ${major(quote.pricePerGramMinor)}/g (${quote.day}) + ${major(makingChargeMinor)} making`;
        return { kind: line.kind, description: `${line.description} (${inputs})`, quantity: line.quantity, unitMinor: quote.totalMinor };
      }),
    );
  }
}

function major(minor: number): string {
  return (minor / 100).toFixed(2);
}
