import { defineEntity, p } from '@mikro-orm/core';

/**
 * What a job's workflow history said (timers that fired, retries, failures, and the event behind
 * each workflow task), kept once the job has closed so its timeline outlives Temporal's retention.
 * Rows of type `task_trigger` link a workflow task's time to the raw event that caused it.
 */
const JobHistoryFactSchema = defineEntity({
  name: 'JobHistoryFact',
  tableName: 'job_history_facts',
  properties: {
    jobId: p.uuid().primary(),
    runId: p.string().length(64).primary(),
    eventId: p.integer().primary(),
    type: p.string().length(40),
    at: p.datetime(),
    summary: p.text(),
    data: p.json<Record<string, unknown>>(),
  },
});

export class JobHistoryFact extends JobHistoryFactSchema.class {}
JobHistoryFactSchema.setClass(JobHistoryFact);
