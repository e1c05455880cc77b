import { defineEntity, p } from '@mikro-orm/core';
import { custodyColumns } from './custody-columns.js';
import { Job } from './job.entity.js';

/**
 * A physical thing the shop holds for a job (a customer's piece, a customer's own stone), where it
 * is and who has it now: what the custody report totals per location.
 */
const JobItemSchema = defineEntity({
  name: 'JobItem',
  tableName: 'job_items',
  indexes: [{ name: 'job_items_held_by_location_index', properties: ['custodyLocation'], where: "custody_location <> 'customer'" }],
  properties: {
    job: () => p.manyToOne(Job).primary().deleteRule('cascade'),
    key: p.string().length(40).primary(),
    description: p.text(),
    declaredValueMinor: p.integer().nullable(),
    currency: p.string().length(3).nullable(),
    ...custodyColumns(),
  },
});

export class JobItem extends JobItemSchema.class {}
JobItemSchema.setClass(JobItem);
