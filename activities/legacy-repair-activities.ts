import type { INestApplicationContext } from '@nestjs/common';
import type { LegacyRepairActivities } from '../workflows/repair-job/legacy-v1.contract.js';
import { LegacyRepairJobs } from '../src/repairs/legacy-repair-jobs.service.js';

/** The activities of repairs still finishing on the first procedure. */
export function createLegacyRepairActivities(legacy: Pick<LegacyRepairJobs, 'recordStage' | 'notifyCustomerOfStage'>): LegacyRepairActivities {
  return {
    recordRepairStage: (input) => legacy.recordStage(input),
    notifyCustomerOfStage: (input) => legacy.notifyCustomerOfStage(input),
  };
}

export function legacyRepairActivitiesFrom(app: INestApplicationContext): LegacyRepairActivities {
  return createLegacyRepairActivities(app.get(LegacyRepairJobs));
}
