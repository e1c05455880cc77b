import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { JobJournalWrite } from '../../workflows/shared/job-activities.js';
import type { CustodyItem, JobSnapshot } from '../../workflows/shared/job-model.js';
import { auditIdFor } from '../audit/audit-trail.service.js';
import { JobEvent } from './job-event.entity.js';
import { JobItem } from './job-item.entity.js';
import { Job } from './job.entity.js';

/**
 * Writes a job's journal: its new events (append-only, a retried write inserts nothing twice) and
 * its projection row and items, in one transaction. The row only ever moves forward: a write older
 * than the row's sequence leaves it as it is.
 */
@Injectable()
export class JobJournalWriter {
  constructor(private readonly em: EntityManager) {}

  async record({ snapshot, events }: JobJournalWrite): Promise<void> {
    await this.em.fork().transactional(async (em) => {
      if (events.length > 0) {
        await em
          .createQueryBuilder(JobEvent)
          .insert(
            events.map((event) => ({
              job: snapshot.jobId,
              sequence: event.sequence,
              type: event.type,
              at: new Date(event.at),
              actorKind: event.actor.kind,
              actorId: event.actor.id ?? null,
              actorName: event.actor.name,
              actorRole: event.actor.role ?? null,
              channel: event.actor.channel,
              summary: event.summary,
              data: event.data,
            })),
          )
          .onConflict(['job', 'sequence'])
          .ignore()
          .execute();
        await this.auditStageChanges(em, snapshot, events);
      }
      const moved = await em.nativeUpdate(Job, { id: snapshot.jobId, stageSequence: { $lt: snapshot.sequence } }, projectionOf(snapshot));
      if (moved === 0) {
        if ((await em.count(Job, { id: snapshot.jobId })) === 0) {
          throw ApplicationFailure.nonRetryable(`Job ${snapshot.jobId} has no row to project onto`, 'JOB_NOT_FOUND');
        }
        return;
      }
      if (snapshot.items.length > 0) await em.upsertMany(JobItem, snapshot.items.map((item) => itemRow(snapshot.jobId, item)));
    });
  }

  /** Stage changes also go to the audit trail, under ids derived from the event so a retried write adds none. */
  private async auditStageChanges(em: EntityManager, snapshot: JobSnapshot, events: JobJournalWrite['events']): Promise<void> {
    for (const event of events.filter((candidate) => candidate.type === 'stage_changed')) {
      const actor = event.actor;
      await em.execute(
        `insert into audit_entries (id, at, actor_kind, actor_id, actor_name, action, record_type, record_id, store_id, changes)
         select ?, ?, ?, ?, ?, 'stage_change', 'job', j.id::text, j.store_id, ? from jobs j where j.id = ?
         on conflict (id) do nothing`,
        [
          auditIdFor(`job-event:${snapshot.jobId}:${event.sequence}`),
          new Date(event.at),
          actor.kind,
          actor.id ?? null,
          actor.name,
          JSON.stringify({ stage: { before: event.data.from ?? null, after: event.data.to } }),
          snapshot.jobId,
        ],
      );
    }
  }
}

function projectionOf(snapshot: JobSnapshot) {
  const { custody } = snapshot;
  return {
    stage: snapshot.stage,
    stageLabel: snapshot.stageLabel,
    stageSequence: snapshot.sequence,
    stageSince: new Date(snapshot.stageSince),
    waitingOn: snapshot.waitingOn,
    promisedBy: snapshot.promisedBy,
    overdue: snapshot.flags.overdue,
    vendorLate: snapshot.flags.vendorLate,
    unclaimed: snapshot.flags.unclaimed,
    rush: snapshot.flags.rush,
    assigneeId: snapshot.assignee?.id ?? null,
    assigneeName: snapshot.assignee?.name ?? null,
    custodyLocation: custody.location,
    custodyHolderKind: custody.holder.kind,
    custodyHolderId: custody.holder.id ?? null,
    custodyHolderName: custody.holder.name,
    custodyDetail: custody.detail ?? null,
    custodySince: new Date(custody.since),
    closed: snapshot.closed,
    updatedAt: new Date(),
  };
}

function itemRow(jobId: string, item: CustodyItem) {
  return {
    job: jobId,
    key: item.key,
    description: item.description,
    declaredValueMinor: item.declaredValue?.amountMinor ?? null,
    currency: item.declaredValue?.currency ?? null,
    custodyLocation: item.custody.location,
    custodyHolderKind: item.custody.holder.kind,
    custodyHolderId: item.custody.holder.id ?? null,
    custodyHolderName: item.custody.holder.name,
    custodyDetail: item.custody.detail ?? null,
    custodySince: new Date(item.custody.since),
  };
}
