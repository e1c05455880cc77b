import type { INestApplicationContext } from '@nestjs/common';
import type { ManagerActivities } from '../workflows/manager-digest.contract.js';
import { ManagerDigestSchedules } from '../src/managers/digest/manager-digest-schedules.service.js';
import { ManagerDigests } from '../src/managers/digest/manager-digests.service.js';

/** Thin adapters from the managers' digest workflows onto Nest services. */
export function createManagerActivities({ digests, schedules }: { digests: Pick<ManagerDigests, 'send'>; schedules: Pick<ManagerDigestSchedules, 'syncAll'> }): ManagerActivities {
  return {
    sendManagerDigest: (input) => digests.send(input),
    syncManagerDigestSchedules: () => schedules.syncAll(),
  };
}

export function managerActivitiesFrom(app: INestApplicationContext): ManagerActivities {
  return createManagerActivities({ digests: app.get(ManagerDigests), schedules: app.get(ManagerDigestSchedules) });
}
