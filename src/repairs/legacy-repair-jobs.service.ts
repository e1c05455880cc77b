import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { LegacyCustomerNotice, NotifyCustomerOfStageInput, RecordRepairStageInput } from '../../workflows/repair-job/legacy-v1.contract.js';
import type { RepairStage as LegacyStage } from '../../workflows/repair-job/legacy-v1.stages.js';
import { JobEvent } from '../jobs/job-event.entity.js';
import { Job } from '../jobs/job.entity.js';
import { trackingUrl } from '../jobs/tracking-url.js';
import { Outbox } from '../messaging/outbox.service.js';
import { sendingPolicyOf } from '../jobs/job-notices.service.js';
import { AppConfig } from '../platform/config/app-config.js';
import { legacyRepairStageText } from './legacy-repair-texts.js';

/** How the first procedure's stages read in today's projection. */
const TODAY: Record<LegacyStage, { stage: string; label: string; location: string; waitingOn: string }> = {
  received: { stage: 'received', label: 'Received', location: 'safe', waitingOn: 'shop' },
  in_progress: { stage: 'in_work', label: 'At the bench', location: 'bench', waitingOn: 'shop' },
  ready: { stage: 'ready_for_pickup', label: 'Ready for pickup', location: 'safe', waitingOn: 'customer' },
};

/**
 * The activities of repairs still running the first procedure: their stage lands in the job's
 * projection and journal, and their texts go through the outbox, as before.
 */
@Injectable()
export class LegacyRepairJobs {
  constructor(
    private readonly em: EntityManager,
    private readonly outbox: Outbox,
    private readonly config: AppConfig,
  ) {}

  async recordStage({ repairId, sequence, to, actor, at }: RecordRepairStageInput): Promise<void> {
    const today = TODAY[to];
    await this.em.fork().transactional(async (em) => {
      await em
        .createQueryBuilder(JobEvent)
        .insert({ job: repairId, sequence, type: 'stage_changed', at: new Date(at), actorKind: 'staff', actorName: actor, channel: 'counter', summary: today.label, data: { to: today.stage } })
        .onConflict(['job', 'sequence'])
        .ignore()
        .execute();
      const moved = await em.nativeUpdate(
        Job,
        { id: repairId, stageSequence: { $lt: sequence } },
        { stage: today.stage, stageLabel: today.label, stageSequence: sequence, stageSince: new Date(at), waitingOn: today.waitingOn, custodyLocation: today.location, custodySince: new Date(at), updatedAt: new Date() },
      );
      if (moved === 0 && (await em.count(Job, { id: repairId })) === 0) {
        throw ApplicationFailure.nonRetryable(`Repair ${repairId} has no row to project onto`, 'REPAIR_NOT_FOUND');
      }
    });
  }

  async notifyCustomerOfStage({ repairId, stage, sequence }: NotifyCustomerOfStageInput): Promise<LegacyCustomerNotice> {
    const job = await this.em.fork().findOneOrFail(Job, { id: repairId }, { populate: ['store', 'customer'] });
    const sms = legacyRepairStageText(stage, { shopName: job.store.name, jobNumber: job.number, promisedBy: job.promisedBy ?? '', trackingUrl: trackingUrl(this.config, job.trackingToken) });
    // The first procedure's texts predate templates and email: they go as texts only, as they always did.
    const { messageIds } = await this.outbox.enqueue({
      customerId: job.customer.id,
      jobId: job.id,
      kind: `repair.stage.${stage}`,
      dedupeKey: `repair:${repairId}:stage-change:${sequence}`,
      channels: ['sms'],
      sms,
      email: { subject: job.number, body: sms },
      ...sendingPolicyOf(job.store),
    });
    return { messageId: messageIds[0], status: 'queued' };
  }
}
