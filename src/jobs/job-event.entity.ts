import { defineEntity, p } from '@mikro-orm/core';
import { Job } from './job.entity.js';

/**
 * A job's journal, one row per fact (stage changes, hand-overs, approvals, payments, timers that
 * fired), with who did it, through which channel, and when. Append-only: the database refuses
 * updates and deletes. Timelines and reports read it, so they outlive Temporal's retention.
 */
const APPEND_ONLY = "raise exception 'job_events is append-only: % refused', tg_op using errcode = 'insufficient_privilege';";

const JobEventSchema = defineEntity({
  name: 'JobEvent',
  tableName: 'job_events',
  indexes: [{ name: 'job_events_type_at_index', properties: ['type', 'at'] }],
  // A journal nobody can rewrite: disputes and insurance claims rely on it. (The migration also
  // refuses TRUNCATE; statement triggers are not declared here, the schema reader cannot see them.)
  triggers: [
    { name: 'job_events_append_only', timing: 'before', events: ['update', 'delete'], forEach: 'row', body: APPEND_ONLY },
    // The managers' reports follow the journal (Migration20261203200000, src/managers/reporting/): once per statement, over the rows it really inserted.
    {
      name: 'report_job_events',
      timing: 'after',
      events: ['insert'],
      forEach: 'statement',
      expression: 'create trigger "report_job_events" after insert on "job_events" referencing new table as new_events for each statement execute function reporting.job_events_fn()',
    },
  ],
  properties: {
    job: () => p.manyToOne(Job).primary(),
    sequence: p.integer().primary(),
    type: p.string().length(40),
    at: p.datetime(),
    actorKind: p.string().length(10),
    actorId: p.string().length(64).nullable(),
    actorName: p.string().length(100),
    actorRole: p.string().length(20).nullable(),
    channel: p.string().length(20),
    summary: p.text(),
    data: p.json<Record<string, unknown>>(),
  },
});

export class JobEvent extends JobEventSchema.class {}
JobEventSchema.setClass(JobEvent);
