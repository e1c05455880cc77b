import { defineEntity, p } from '@mikro-orm/core';
import { METALS } from '../pieces/piece.entity.js';

/** The price of a gram of pure metal on a day, as the shop's supplier quoted it. */
const MetalPriceSchema = defineEntity({
  name: 'MetalPrice',
  tableName: 'metal_prices',
  uniques: [{ name: 'metal_prices_metal_day_currency_unique', properties: ['metal', 'day', 'currency'] }],
  properties: {
    id: p.uuid().primary(),
    metal: p.enum(METALS),
    day: p.string().columnType('date'),
    /** Per gram of pure (1000/1000) metal, in minor units. */
    pricePerGramMinor: p.integer(),
    currency: p.string().length(3),
    enteredById: p.string().length(64).nullable(),
    enteredByName: p.string().length(100),
    enteredAt: p.datetime(),
  },
});
export class MetalPrice extends MetalPriceSchema.class {}
MetalPriceSchema.setClass(MetalPrice);
