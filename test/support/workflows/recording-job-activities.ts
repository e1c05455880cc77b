import type { CustomerNoticeReceipt, CustomerNoticeRequest, JobActivities, JobJournalWrite, JobPaymentsWrite, ManagerAlert } from '../../../workflows/shared/job-activities.js';

/**
 * The job activities as a test double that records every call, for workflow tests on the real
 * Temporal server. Pure bookkeeping: the database-backed implementations have their own tests.
 */
export class RecordingJobActivities {
  readonly journal: JobJournalWrite[] = [];
  readonly notices: CustomerNoticeRequest[] = [];
  readonly alerts: ManagerAlert[] = [];
  readonly payments: JobPaymentsWrite[] = [];

  readonly activities: JobActivities = {
    recordJobJournal: async (write) => void this.journal.push(write),
    sendCustomerNotice: async (notice): Promise<CustomerNoticeReceipt> => {
      this.notices.push(notice);
      return { messageIds: [`message-${this.notices.length}`] };
    },
    alertManagers: async (alert) => void this.alerts.push(alert),
    recordJobPayments: async (write) => void this.payments.push(write),
  };

  noticesOf(jobId: string): string[] {
    return this.notices.filter((notice) => notice.jobId === jobId).map((notice) => notice.kind);
  }

  eventsOf(jobId: string): string[] {
    return this.journal.filter((write) => write.snapshot.jobId === jobId).flatMap((write) => write.events.map((event) => event.type));
  }

  lastSnapshotOf(jobId: string) {
    return this.journal.filter((write) => write.snapshot.jobId === jobId).at(-1)?.snapshot;
  }

  alertsOf(jobId: string): string[] {
    return this.alerts.filter((alert) => alert.jobId === jobId).map((alert) => alert.kind);
  }
}
