import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { RecordRepairStageInput } from '../../activities/repair-activities.js';
import { RepairJob } from './repair-job.entity.js';

/** Keeps the `repair_jobs` row's stage in step with its workflow, for search and reports. */
@Injectable()
export class RepairStageProjection {
  constructor(private readonly em: EntityManager) {}

  async recordStage({ repairId, sequence, to, actor, at }: RecordRepairStageInput): Promise<void> {
    const em = this.em.fork();
    // The sequence guard makes a retried or late write a no-op: an older stage never wins.
    const updated = await em.nativeUpdate(
      RepairJob,
      { id: repairId, stageSequence: { $lt: sequence } },
      { stage: to, stageSequence: sequence, stageChangedAt: new Date(at), stageChangedBy: actor },
    );
    if (updated === 0 && (await em.count(RepairJob, { id: repairId })) === 0) {
      throw ApplicationFailure.nonRetryable(`Repair ${repairId} has no row to project onto`, 'REPAIR_NOT_FOUND');
    }
  }
}
