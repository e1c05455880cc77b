import { defineEntity, p } from '@mikro-orm/core';
import { Store } from '../stores/store.entity.js';

/** The last ticket number handed out per store and kind (`R` repairs, `C` custom orders). */
const JobNumberCounterSchema = defineEntity({
  name: 'JobNumberCounter',
  tableName: 'job_number_counters',
  properties: {
    store: () => p.manyToOne(Store).primary(),
    prefix: p.string().length(4).primary(),
    lastValue: p.integer(),
  },
});

export class JobNumberCounter extends JobNumberCounterSchema.class {}
JobNumberCounterSchema.setClass(JobNumberCounter);
