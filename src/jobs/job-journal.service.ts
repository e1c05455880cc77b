import { EntityManager, ForeignKeyConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { JobJournalWrite } from '../../workflows/shared/job-activities.js';
import type { JobEvent } from '../../workflows/shared/job-model.js';
import { auditIdFor } from '../audit/audit-trail.service.js';
import { JobItem } from './job-item.entity.js';
import { Job } from './job.entity.js';
import { itemRow, projectionOf } from './job-projection.js';

/**
 * Writes a job's journal: its new events (append-only, a retried write inserts nothing twice), the
 * audit entries of its stage changes, and its projection row and items, in one statement of
 * data-modifying CTEs (one round trip, atomic as a transaction). The row only ever moves forward:
 * a write older than the row's sequence leaves the row and its items as they are.
 */
@Injectable()
export class JobJournalWriter {
  constructor(private readonly em: EntityManager) {}

  async record({ snapshot, events }: JobJournalWrite): Promise<void> {
    const jobColumn = columnsOf(this.em, Job);
    const itemColumn = columnsOf(this.em, JobItem);
    const projection = Object.entries(projectionOf(snapshot));
    const items = snapshot.items.map((item) => Object.fromEntries(Object.entries(itemRow(snapshot.jobId, item)).filter(([property]) => property !== 'job').map(([property, value]) => [itemColumn(property), value])));
    const itemFields = Object.keys(items[0] ?? {}).map((field) => `"${field}"`);
    const stageChanges = events.filter((event) => event.type === 'stage_changed');
    const sql = `
with new_events as (
  insert into job_events (job_id, sequence, type, at, actor_kind, actor_id, actor_name, actor_role, channel, summary, data)
  select ?::uuid, e.sequence, e.type, e.at, e.actor_kind, e.actor_id, e.actor_name, e.actor_role, e.channel, e.summary, e.data
    from jsonb_to_recordset(?::jsonb) as e(sequence int, type text, at timestamptz, actor_kind text, actor_id text, actor_name text, actor_role text, channel text, summary text, data jsonb)
  on conflict (job_id, sequence) do nothing
),
stage_audit as (
  insert into audit_entries (id, at, actor_kind, actor_id, actor_name, action, record_type, record_id, store_id, changes)
  select a.id, a.at, a.actor_kind, a.actor_id, a.actor_name, 'stage_change', 'job', j.id::text, j.store_id, a.changes
    from jsonb_to_recordset(?::jsonb) as a(id uuid, at timestamptz, actor_kind text, actor_id text, actor_name text, changes jsonb)
    join jobs j on j.id = ?::uuid
  on conflict (id) do nothing
),
moved as (
  update jobs set ${projection.map(([property]) => `"${jobColumn(property)}" = ?`).join(', ')}
   where id = ?::uuid and stage_sequence < ?
  returning id
)${
      itemFields.length === 0
        ? ''
        : `,
items as (
  insert into job_items (job_id, ${itemFields.join(', ')})
  select moved.id, ${itemFields.map((field) => `i.${field}`).join(', ')}
    from moved, jsonb_populate_recordset(null::job_items, ?::jsonb) as i
  on conflict (job_id, key) do update set ${itemFields.filter((field) => field !== '"key"').map((field) => `${field} = excluded.${field}`).join(', ')}
)`
    }
select exists (select 1 from jobs where id = ?::uuid) as found`;
    const parameters = [
      snapshot.jobId,
      JSON.stringify(events.map(eventColumns)),
      JSON.stringify(stageChanges.map((event) => stageAuditColumns(snapshot.jobId, event))),
      snapshot.jobId,
      ...projection.map(([, value]) => value),
      snapshot.jobId,
      snapshot.sequence,
      ...(itemFields.length === 0 ? [] : [JSON.stringify(items)]),
      snapshot.jobId,
    ];
    const rows = await this.em
      .getConnection()
      .execute<{ found: boolean }[]>(sql, parameters)
      .catch((error: unknown) => {
        // The events' foreign key: events of a job without its row.
        throw error instanceof ForeignKeyConstraintViolationException ? jobWithoutRow(snapshot.jobId) : error;
      });
    if (!rows[0]?.found) throw jobWithoutRow(snapshot.jobId);
  }
}

/** A job's row is written at take-in, before its workflow starts: without it, retrying cannot help. */
function jobWithoutRow(jobId: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(`Job ${jobId} has no row to project onto`, 'JOB_NOT_FOUND');
}

/** Property name to column name, from the entity's metadata (so a renamed column cannot be missed here). */
function columnsOf(em: EntityManager, entity: typeof Job | typeof JobItem): (property: string) => string {
  const properties = em.getMetadata().get(entity as typeof Job).properties as Record<string, { fieldNames: string[] }>;
  return (property) => properties[property].fieldNames[0];
}

function eventColumns(event: JobEvent) {
  return {
    sequence: event.sequence,
    type: event.type,
    at: event.at,
    actor_kind: event.actor.kind,
    actor_id: event.actor.id ?? null,
    actor_name: event.actor.name,
    actor_role: event.actor.role ?? null,
    channel: event.actor.channel,
    summary: event.summary,
    data: event.data,
  };
}

/** Stage changes also go to the audit trail, under ids derived from the event so a retried write adds none. */
function stageAuditColumns(jobId: string, event: JobEvent) {
  return {
    id: auditIdFor(`job-event:${jobId}:${event.sequence}`),
    at: event.at,
    actor_kind: event.actor.kind,
    actor_id: event.actor.id ?? null,
    actor_name: event.actor.name,
    changes: { stage: { before: event.data.from ?? null, after: event.data.to } },
  };
}
