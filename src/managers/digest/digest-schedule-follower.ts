import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { StorePolicy } from '../../../workflows/shared/store-policy.js';
import type { Store } from '../../stores/store.entity.js';
import { type StoreFollower, StoreFollowers } from '../../stores/stores.service.js';
import { ManagerDigestSchedules } from './manager-digest-schedules.service.js';

/** The API waits this long for Temporal when a store is saved; the save itself never waits on it. */
const SCHEDULE_DEADLINE_MS = 3_000;

/**
 * In the API: a store created, or its policy saved, brings its digest schedule up to date at once.
 * If Temporal cannot be reached the save still succeeds (the store is the truth); the worker's
 * hourly catch-up, or its next start, makes the schedule match.
 */
@Injectable()
export class DigestScheduleFollower implements StoreFollower, OnModuleInit {
  private readonly logger = new Logger(DigestScheduleFollower.name);

  constructor(
    private readonly followers: StoreFollowers,
    private readonly schedules: ManagerDigestSchedules,
  ) {}

  onModuleInit(): void {
    this.followers.register(this);
  }

  async storeSaved(store: Store, policy: StorePolicy): Promise<void> {
    try {
      await this.schedules.sync(store, policy, { deadlineMs: SCHEDULE_DEADLINE_MS });
    } catch (error) {
      this.logger.warn(`Store ${store.id}: manager digest schedule not updated now (${(error as Error).message}); the worker's hourly catch-up will`);
    }
  }
}
