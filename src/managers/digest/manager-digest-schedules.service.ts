import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { Client, ScheduleAlreadyRunning, ScheduleOverlapPolicy, type ScheduleUpdateOptions } from '@temporalio/client';
import {
  MANAGER_DIGEST_SYNC_WORKFLOW_TYPE,
  MANAGER_DIGEST_WORKFLOW_TYPE,
  type ManagerDigestRequest,
  type ManagerDigestScheduleSync,
  managerDigestScheduleId,
  managerDigestSyncScheduleId,
} from '../../../workflows/manager-digest.contract.js';
import type { StorePolicy } from '../../../workflows/shared/store-policy.js';
import { DEFAULT_STORE_POLICY } from '../../../workflows/shared/store-policy.js';
import { AppConfig } from '../../platform/config/app-config.js';
import { ensureIntervalSchedule } from '../../platform/temporal/interval-schedule.js';
import { Store } from '../../stores/store.entity.js';
import { storePolicyOf } from '../../stores/stores.service.js';

/** Stores whose policy changed while Temporal could not be reached are brought up to date this often. */
const CATCH_UP_EVERY_MS = 60 * 60_000;

/** What a store's digest schedule is made from. */
type ScheduledStore = Pick<Store, 'id' | 'code' | 'name' | 'timeZone'>;

/**
 * One Temporal schedule per store (`manager-digest-<task queue>-<store id>`) that starts the day's
 * digest at the store's `managerDigestAt`, on a calendar in the store's own time zone (so it follows
 * daylight saving time); paused, with a note saying why, when the store turned the digest off.
 * Brought up to date by the API when a store is created or its policy saved, by every worker start,
 * and every hour by a catch-up schedule, for changes saved while Temporal was unreachable.
 */
@Injectable()
export class ManagerDigestSchedules {
  private readonly logger = new Logger(ManagerDigestSchedules.name);

  constructor(
    private readonly client: Client,
    private readonly config: AppConfig,
    private readonly em: EntityManager,
  ) {}

  /** The store's schedule made to match its policy (created if missing); returns its id. */
  async sync(store: ScheduledStore, policy: StorePolicy, { deadlineMs }: { deadlineMs?: number } = {}): Promise<string> {
    const scheduleId = managerDigestScheduleId(this.config.temporal.taskQueue, store.id);
    const schedule = this.scheduleOf(store, policy);
    const upsert = async () => {
      try {
        await this.client.schedule.create({ scheduleId, ...schedule });
      } catch (error) {
        if (!(error instanceof ScheduleAlreadyRunning)) throw error;
        await this.client.schedule.getHandle(scheduleId).update(() => schedule);
      }
    };
    if (deadlineMs === undefined) await upsert();
    else await withinMs(deadlineMs, this.client.withDeadline(Date.now() + deadlineMs, upsert));
    return scheduleId;
  }

  /** Every store's schedule made to match its policy; a store that fails is logged and counted, the rest go on. */
  async syncAll(): Promise<ManagerDigestScheduleSync> {
    return (await this.syncEveryStore()).outcome;
  }

  /**
   * At worker start: the hourly catch-up schedule, and every store's schedule brought up to date
   * now; returns the ids of them all.
   */
  async atWorkerStart(): Promise<string[]> {
    const catchUpScheduleId = await ensureIntervalSchedule(this.client, {
      scheduleId: managerDigestSyncScheduleId(this.config.temporal.taskQueue),
      workflowType: MANAGER_DIGEST_SYNC_WORKFLOW_TYPE,
      taskQueue: this.config.temporal.taskQueue,
      everyMs: CATCH_UP_EVERY_MS,
      runTimeout: '30 minutes',
    });
    const { scheduleIds, outcome } = await this.syncEveryStore();
    if (outcome.failed > 0) this.logger.warn(`${outcome.failed} of ${outcome.stores} stores' manager digest schedules not brought up to date; the hourly catch-up tries again`);
    return [catchUpScheduleId, ...scheduleIds];
  }

  private async syncEveryStore(): Promise<{ scheduleIds: string[]; outcome: ManagerDigestScheduleSync }> {
    const stores = await this.em.fork().find(Store, {}, { orderBy: { code: 'asc' } });
    const outcome: ManagerDigestScheduleSync = { stores: stores.length, active: 0, paused: 0, failed: 0 };
    const scheduleIds: string[] = [];
    for (const store of stores) {
      const policy = storePolicyOf(store);
      try {
        scheduleIds.push(await this.sync(store, policy));
        if (policy.managerDigestAt === null) outcome.paused += 1;
        else outcome.active += 1;
      } catch (error) {
        outcome.failed += 1;
        this.logger.warn(`Store ${store.id}: its manager digest schedule was not brought up to date: ${(error as Error).message}`);
      }
    }
    return { scheduleIds, outcome };
  }

  private scheduleOf(store: ScheduledStore, policy: StorePolicy): ScheduleUpdateOptions {
    const at = policy.managerDigestAt ?? DEFAULT_STORE_POLICY.managerDigestAt ?? '08:00';
    const [hour, minute] = at.split(':').map(Number);
    const request: ManagerDigestRequest = { storeId: store.id };
    return {
      spec: {
        calendars: [{ hour, minute, comment: `Every day at ${at} ${store.timeZone} (store policy managerDigestAt)` }],
        timezone: store.timeZone,
      },
      action: {
        type: 'startWorkflow',
        workflowType: MANAGER_DIGEST_WORKFLOW_TYPE,
        // Temporal appends the time of each run to this id.
        workflowId: managerDigestScheduleId(this.config.temporal.taskQueue, store.id),
        taskQueue: this.config.temporal.taskQueue,
        args: [request],
        staticSummary: `Manager digest · ${store.name} (${store.code})`,
        workflowExecutionTimeout: '2 hours',
      },
      // One digest run per store at a time. A digest missed while Temporal was down is still sent if
      // Temporal is back within a few hours; later, the next day's digest is worth more than a stale one.
      policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '6 hours' },
      state:
        policy.managerDigestAt === null
          ? { paused: true, note: 'Digest turned off in the store policy (managerDigestAt: null)' }
          : { paused: false, note: `Daily digest at ${at} ${store.timeZone}, from the store policy` },
    };
  }
}

/**
 * The work's own outcome if it settles within `ms`, else a timeout error. The gRPC deadline alone
 * does not bound a first call on a lazy connection, which waits out its connect timeout (5 s).
 */
async function withinMs<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Temporal did not answer within ${ms} ms`)), ms);
  });
  // A late failure of the abandoned call is nobody's to handle.
  work.catch(() => {});
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
