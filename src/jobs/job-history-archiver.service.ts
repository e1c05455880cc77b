import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ORDER_WORKFLOW_TYPE } from '../../workflows/custom-order/contract.js';
import { REPAIR_WORKFLOW_TYPE } from '../../workflows/repair-job/contract.js';
import type { JobHistoryArchiveSweep } from '../../workflows/job-history-archive.contract.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { saveHistoryReading } from './job-history-archive.js';
import { readRuns } from './workflow-history.js';

const WATERMARK = 'job-history-archive';
/** Temporal's list of closed workflows may lag the close: each sweep looks this far behind the last one's start. */
const LIST_LAG_MARGIN_MS = 10 * 60_000;
const JOB_WORKFLOW_TYPES = [REPAIR_WORKFLOW_TYPE, ORDER_WORKFLOW_TYPE] as const;

/**
 * Copies the history of every job workflow that has ended into Postgres, so the job's timeline
 * outlives Temporal's retention. Run by a Temporal schedule; each run starts where the last one
 * got to (a watermark), so a worker that was down for a while catches up, and a job is copied once.
 */
@Injectable()
export class JobHistoryArchiver {
  private readonly logger = new Logger(JobHistoryArchiver.name);

  constructor(
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
  ) {}

  async archiveEnded(): Promise<JobHistoryArchiveSweep> {
    const em = this.em.fork();
    const sweepStartedAt = new Date();
    const [mark] = await em.execute<{ reached: Date }[]>('select reached from sweep_watermarks where name = ?', [WATERMARK]);
    const since = mark ? new Date(new Date(mark.reached).getTime() - LIST_LAG_MARGIN_MS) : undefined;
    let ended = 0;
    let archived = 0;
    for await (const { workflowId } of this.temporal.endedWorkflows(JOB_WORKFLOW_TYPES, since)) {
      ended += 1;
      if (await this.archive(workflowId)) archived += 1;
    }
    await em.execute(
      'insert into sweep_watermarks (name, reached) values (?, ?) on conflict (name) do update set reached = greatest(sweep_watermarks.reached, excluded.reached)',
      [WATERMARK, sweepStartedAt],
    );
    if (archived > 0) this.logger.log(`Archived the workflow history of ${archived} ended job(s)`);
    return { ended, archived };
  }

  /** Copies one ended job workflow's history; false when there is no such job here, it is copied already, or Temporal no longer has it. */
  async archive(workflowId: string): Promise<boolean> {
    const em = this.em.fork();
    const [job] = await em.execute<{ id: string; history_archived_at: Date | null }[]>('select id, history_archived_at from jobs where workflow_id = ?', [workflowId]);
    if (!job || job.history_archived_at) return false;
    const runs = await this.temporal.history(workflowId);
    if (!runs) {
      this.logger.warn(`Job ${job.id}: its workflow history was gone before it could be archived`);
      return false;
    }
    await em.transactional(async (tx) => {
      await saveHistoryReading(tx, job.id, readRuns(runs));
      await tx.execute('update jobs set history_archived_at = now() where id = ? and history_archived_at is null', [job.id]);
    });
    return true;
  }
}
