import type { INestApplicationContext } from '@nestjs/common';
import type { JobActivities } from '../workflows/shared/job-activities.js';
import { JobJournalWriter } from '../src/jobs/job-journal.service.js';
import { JobNotices } from '../src/jobs/job-notices.service.js';
import { ManagerAlerts } from '../src/jobs/manager-alerts.service.js';
import { PaymentsService } from '../src/payments/payments.service.js';

export interface JobActivityDependencies {
  journal: Pick<JobJournalWriter, 'record'>;
  notices: Pick<JobNotices, 'send'>;
  alerts: Pick<ManagerAlerts, 'raise'>;
  payments: Pick<PaymentsService, 'recordForJob'>;
}

/**
 * Thin adapters from every job workflow onto Nest services. Each is idempotent: a retried activity
 * finds its earlier work (by sequence, dedupe key or idempotency key) and does not repeat it.
 */
export function createJobActivities({ journal, notices, alerts, payments }: JobActivityDependencies): JobActivities {
  return {
    recordJobJournal: (write) => journal.record(write),
    sendCustomerNotice: (notice) => notices.send(notice),
    alertManagers: (alert) => alerts.raise(alert),
    recordJobPayments: (write) => payments.recordForJob(write),
  };
}

export function jobActivitiesFrom(app: INestApplicationContext): JobActivities {
  return createJobActivities({
    journal: app.get(JobJournalWriter),
    notices: app.get(JobNotices),
    alerts: app.get(ManagerAlerts),
    payments: app.get(PaymentsService),
  });
}
