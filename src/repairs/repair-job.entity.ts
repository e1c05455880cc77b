import { defineEntity, p } from '@mikro-orm/core';
import { Job } from '../jobs/job.entity.js';

/** What a repair job has beyond every job: the piece as taken in and the work asked for. */
const RepairJobSchema = defineEntity({
  name: 'RepairJob',
  tableName: 'repair_jobs',
  properties: {
    job: () => p.oneToOne(Job).primary(),
    /** Job 2 of 3 of one visit. */
    itemIndex: p.integer(),
    itemCount: p.integer(),
    /** Neutral description of the piece as taken in ("yellow metal ring, customer stated 14k"). */
    itemDescription: p.text(),
    /** The work written out in full ("size from 7 to 5.5"), never "fix ring". */
    workRequested: p.text(),
    /** Insurance value declared at take-in, in minor units of `currency`. */
    declaredValueMinor: p.integer(),
    currency: p.string().length(3),
    /** "Go ahead if under": estimates at or under it need no second approval. */
    goAheadLimitMinor: p.integer().nullable(),
    idempotencyKey: p.string().length(200).nullable().unique(),
    /** Hash of the take-in request, to refuse a reused Idempotency-Key with another body. */
    requestFingerprint: p.string().length(64),
  },
});

export class RepairJob extends RepairJobSchema.class {}
RepairJobSchema.setClass(RepairJob);
