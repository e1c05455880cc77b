import type { EntityManager } from '@mikro-orm/postgresql';
import { JobHistoryFact } from './job-history-fact.entity.js';
import type { HistoryFact, HistoryReading, TaskTrigger } from './workflow-history.js';

/** Rows of this type link a workflow task's time to the raw event that caused it (no fact of their own). */
const TASK_TRIGGER = 'task_trigger';

/**
 * The copy of a job's workflow history that its timeline reads once Temporal's retention has
 * passed: the facts (`timer_fired`, `activity_retried`...) and, for each workflow task, the event
 * that caused it. Written once when the workflow has ended; a second write adds nothing.
 */
export async function saveHistoryReading(em: EntityManager, jobId: string, { facts, triggers }: HistoryReading): Promise<void> {
  // A trigger and a fact can be the same event (a timer that fired): one row, the fact's, carrying the task's time.
  const rows = new Map<string, { run_id: string; event_id: number; type: string; at: string; summary: string; data: Record<string, unknown> }>();
  for (const fact of facts) rows.set(`${fact.runId}/${fact.eventId}`, { run_id: fact.runId, event_id: fact.eventId, type: fact.type, at: fact.at, summary: fact.summary, data: { ...fact.data } });
  for (const trigger of triggers) {
    const key = `${trigger.runId}/${trigger.eventId}`;
    const fact = rows.get(key);
    if (fact) fact.data.taskAt = trigger.taskAt;
    else rows.set(key, { run_id: trigger.runId, event_id: trigger.eventId, type: TASK_TRIGGER, at: trigger.taskAt, summary: 'Caused a workflow task', data: {} });
  }
  if (rows.size === 0) return;
  await em.execute(
    `insert into job_history_facts (job_id, run_id, event_id, type, at, summary, data)
     select ?::uuid, r.run_id, r.event_id, r.type, r.at, r.summary, r.data
       from jsonb_to_recordset(?::jsonb) as r(run_id text, event_id int, type text, at timestamptz, summary text, data jsonb)
     on conflict do nothing`,
    [jobId, JSON.stringify([...rows.values()])],
  );
}

export async function loadHistoryReading(em: EntityManager, jobId: string): Promise<HistoryReading> {
  const rows = await em.find(JobHistoryFact, { jobId }, { orderBy: { runId: 'asc', eventId: 'asc' } });
  const facts: HistoryFact[] = [];
  const triggers: TaskTrigger[] = [];
  for (const row of rows) {
    const taskAt = row.type === TASK_TRIGGER ? row.at.toISOString() : (row.data.taskAt as string | undefined);
    if (taskAt) triggers.push({ runId: row.runId, eventId: row.eventId, taskAt });
    if (row.type === TASK_TRIGGER) continue;
    const { taskAt: _, ...data } = row.data;
    facts.push({ runId: row.runId, eventId: row.eventId, at: row.at.toISOString(), type: row.type as HistoryFact['type'], summary: row.summary, data });
  }
  return { facts, triggers };
}
