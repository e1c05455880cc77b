import { defineEntity, p } from '@mikro-orm/core';

/** How far a periodic sweep has got (e.g. workflows closed before this instant are archived): the next run starts there. */
const SweepWatermarkSchema = defineEntity({
  name: 'SweepWatermark',
  tableName: 'sweep_watermarks',
  properties: {
    name: p.string().length(100).primary(),
    reached: p.datetime(),
  },
});

export class SweepWatermark extends SweepWatermarkSchema.class {}
SweepWatermarkSchema.setClass(SweepWatermark);
