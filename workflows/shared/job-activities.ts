import type { Actor, JobEvent, JobKind, JobSnapshot, Money } from './job-model.js';

/** One write of a job's journal: its new events and the snapshot after them, in one transaction. */
export interface JobJournalWrite {
  snapshot: JobSnapshot;
  events: JobEvent[];
}

/** A message to the customer about their job; its text is built by the job's own module. */
export interface CustomerNoticeRequest {
  jobId: string;
  jobKind: JobKind;
  /** What happened, e.g. `repair.estimate_ready`; picks the template. */
  kind: string;
  /** One message per event and channel: a retried activity finds what it wrote before. */
  dedupeKey: string;
  /** Facts the template needs beyond the job's record (a new promised date, an amount). */
  facts: Record<string, string | number | null>;
}

export interface CustomerNoticeReceipt {
  /** The messages written (one per channel used); empty when the customer may not be told. */
  messageIds: string[];
}

/** Something a store's managers must hear about (a vendor late, a piece unclaimed). */
export interface ManagerAlert {
  jobId: string;
  kind: 'vendor_late' | 'unclaimed' | 'overdue' | 'rush';
  message: string;
  dedupeKey: string;
}

export interface JobPayment {
  kind: 'deposit' | 'balance' | 'design_fee' | 'refund';
  amount: Money;
  method: 'cash' | 'card' | 'bank_transfer' | 'store_credit' | 'other';
  reference?: string;
}

export interface JobPaymentsWrite {
  jobId: string;
  jobKind: JobKind;
  payments: JobPayment[];
  recordedBy: Actor;
  /** Payments of one action share this key; a retried write records them once. */
  idempotencyKey: string;
}

/**
 * What the worker implements for every job lifecycle. The workflow sees only this interface; the
 * implementations are thin adapters onto Nest services (activities/).
 */
export interface JobActivities {
  /** Appends the events and updates the job's projection row in one transaction; idempotent by sequence. */
  recordJobJournal(write: JobJournalWrite): Promise<void>;
  /** Writes the customer's message(s) and queues them, once per dedupe key. */
  sendCustomerNotice(notice: CustomerNoticeRequest): Promise<CustomerNoticeReceipt>;
  alertManagers(alert: ManagerAlert): Promise<void>;
  recordJobPayments(write: JobPaymentsWrite): Promise<void>;
}
