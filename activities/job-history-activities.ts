import type { INestApplicationContext } from '@nestjs/common';
import type { JobHistoryArchiveActivities } from '../workflows/job-history-archive.contract.js';
import { JobHistoryArchiver } from '../src/jobs/job-history-archiver.service.js';

/** Thin adapter from the archive schedule's workflow onto the archiver. */
export function createJobHistoryActivities({ archiver }: { archiver: Pick<JobHistoryArchiver, 'archiveEnded'> }): JobHistoryArchiveActivities {
  return {
    archiveEndedJobHistories: () => archiver.archiveEnded(),
  };
}

export function jobHistoryActivitiesFrom(app: INestApplicationContext): JobHistoryArchiveActivities {
  return createJobHistoryActivities({ archiver: app.get(JobHistoryArchiver) });
}
