import { defineEntity, p } from '@mikro-orm/core';
import { custodyColumns } from './custody-columns.js';
import { Customer } from '../customers/customer.entity.js';
import { Store } from '../stores/store.entity.js';

export const JOB_KINDS = ['repair', 'custom_order'] as const;

/**
 * A job the shop does for a customer (a repair, a custom order), as its workflow last projected
 * it: what lists, searches, late lists and the custody report read. The workflow is the source of
 * truth; this row follows it (activities write it, ordered by `stageSequence`).
 */
const JobSchema = defineEntity({
  name: 'Job',
  tableName: 'jobs',
  uniques: [{ name: 'jobs_store_number_unique', properties: ['store', 'number'] }],
  indexes: [
    { name: 'jobs_open_by_store_index', properties: ['store', 'stage'], where: 'closed = false' },
    { name: 'jobs_open_promised_index', properties: ['promisedBy'], where: 'closed = false' },
  ],
  properties: {
    id: p.uuid().primary(),
    kind: p.enum(JOB_KINDS),
    store: () => p.manyToOne(Store),
    customer: () => p.manyToOne(Customer).index(),
    /** The job's number, printed on its label and read aloud (`R-001234-1`). */
    number: p.string().length(32),
    /** The visit's ticket (`R-001234`): several jobs of one visit share it. */
    ticketNumber: p.string().length(32),
    workflowId: p.string().length(100).unique(),
    /** Short neutral description for lists ("Yellow metal ring, customer stated 14k"). */
    summary: p.string().length(200),
    stage: p.string().length(40),
    stageLabel: p.string().length(100),
    /** Sequence of the journal event this row shows; older writes never win. */
    stageSequence: p.integer(),
    stageSince: p.datetime(),
    waitingOn: p.string().length(10),
    promisedBy: p.date().nullable(),
    overdue: p.boolean(),
    vendorLate: p.boolean(),
    unclaimed: p.boolean(),
    rush: p.boolean(),
    assigneeId: p.string().length(64).nullable(),
    assigneeName: p.string().length(100).nullable(),
    ...custodyColumns(),
    /** The piece has left the shop (or the job ended without one): off every open list. */
    closed: p.boolean(),
    /** Unguessable token of the customer's tracking link. */
    trackingToken: p.string().length(64).unique(),
    /** SHA-256 of the token: what a tracking link is looked up by. */
    trackingTokenDigest: p.string().length(64).unique(),
    /** When its ended workflow's history was copied to `job_history_facts` (its timeline then outlives Temporal's retention). */
    historyArchivedAt: p.datetime().nullable(),
    createdById: p.string().length(64).nullable(),
    createdByName: p.string().length(100),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
  },
});

export class Job extends JobSchema.class {}
JobSchema.setClass(Job);
