import { defineEntity, p } from '@mikro-orm/core';
import { Customer } from '../customers/customer.entity.js';
import { REPAIR_STAGES } from '../../workflows/repair-stages.js';

const RepairJobSchema = defineEntity({
  name: 'RepairJob',
  tableName: 'repair_jobs',
  properties: {
    id: p.uuid().primary(),
    /** The number on the job envelope that travels with the piece. */
    envelopeNumber: p.integer().unique(),
    customer: () => p.manyToOne(Customer).index(),
    /** Neutral description of the piece as taken in ("yellow metal ring, customer stated 14k"). */
    itemDescription: p.text(),
    /** The work written out in full ("size from 7 to 5.5"), never "fix ring". */
    workRequested: p.text(),
    /** Insurance value declared at take-in, in minor units of `currency`. */
    declaredValueMinor: p.integer(),
    currency: p.string().length(3),
    promisedBy: p.date(),
    /** Projection of the workflow's stage, written by activities, for search and reports. */
    stage: p.enum(REPAIR_STAGES).index(),
    /** Sequence number of the stage change the projection shows; older writes never win. */
    stageSequence: p.integer(),
    stageChangedAt: p.datetime(),
    stageChangedBy: p.string().length(100),
    /** Unguessable token of the customer's tracking link. */
    trackingToken: p.string().length(64).unique(),
    idempotencyKey: p.string().length(200).nullable().unique(),
    /** Hash of the create request, to refuse a reused Idempotency-Key with another body. */
    requestFingerprint: p.string().length(64),
    createdBy: p.string().length(100),
    createdAt: p.datetime(),
  },
});

export class RepairJob extends RepairJobSchema.class {}
RepairJobSchema.setClass(RepairJob);
