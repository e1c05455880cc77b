import { condition, patched, proxyActivities, proxyLocalActivities, setCurrentDetails, upsertSearchAttributes } from '@temporalio/workflow';
import { workflowNow, workflowNowIso } from './clock.js';
import type { CustomerNoticeRequest, JobActivities, JobPaymentsWrite, ManagerAlert } from './job-activities.js';
import type { Actor, JobEvent, JobKind, JobSnapshot } from './job-model.js';
import { ASSIGNEE, OVERDUE, PROMISED_BY, STAGE } from './search-attributes.js';

// The journal write is a short database transaction that staff wait on: a local activity.
const { recordJobJournal } = proxyLocalActivities<JobActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

// Messages, alerts and payments may wait for Redis or the database; they never hold up an action.
const { sendCustomerNotice, alertManagers, recordJobPayments } = proxyActivities<JobActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A job's journal inside its workflow: every fact gets the next sequence number and is written,
 * with the snapshot after it, by one local activity. Writes run one at a time, in order: besides
 * keeping the projection in order, this keeps replay deterministic (two local activities that ran
 * one after the other are resolved together on replay; had they run at once, an Update's completion
 * and the next command could swap places).
 */
export class JobJournal {
  private pending: JobEvent[] = [];
  private writes: Promise<void> = Promise.resolve();
  private lastSequence: number;

  constructor(
    private readonly snapshot: () => Omit<JobSnapshot, 'sequence'>,
    /** The sequence reached before this run (after a continue-as-new). */
    startSequence = 0,
    /** Called with each committed snapshot (search attributes, the Web UI's details line). */
    private readonly onCommit: (snapshot: JobSnapshot) => void = () => {},
  ) {
    this.lastSequence = startSequence;
  }

  get sequence(): number {
    return this.lastSequence;
  }

  record(type: string, actor: Actor, summary: string, data: Record<string, unknown> = {}): JobEvent {
    const event: JobEvent = { sequence: ++this.lastSequence, type, at: workflowNowIso(), actor, summary, data };
    this.pending.push(event);
    return event;
  }

  /** Writes what was recorded since the last commit, with the snapshot as it is now. */
  commit(): Promise<void> {
    if (this.pending.length === 0) return this.writes;
    const events = this.pending;
    this.pending = [];
    const snapshot: JobSnapshot = { ...this.snapshot(), sequence: events[events.length - 1].sequence };
    this.onCommit(snapshot);
    this.writes = this.writes.then(() => recordJobJournal({ snapshot, events }));
    return this.writes;
  }
}

/** Patch id: jobs from here on keep their search attributes up to date as they move. */
export const JOB_SEARCH_ATTRIBUTES_PATCH = 'job-search-attributes';

export interface MovingJobAttributes {
  stage: string;
  /** Staff id of the assignee. */
  assignee: string | null;
  /** The instant the promised day ends. */
  promisedDeadlineAt: string | null;
  overdue: boolean;
}

/**
 * Keeps a job workflow's search attributes (stage, assignee, promised date, overdue) and the Web
 * UI's details line in step with the job. Upserts only what changed; jobs started before the
 * patch keep the attributes they started with.
 */
export class JobSearchAttributes {
  private published: MovingJobAttributes | undefined;

  constructor(private readonly jobNumber: string) {}

  publish(now: MovingJobAttributes, stageLabel: string): void {
    setCurrentDetails(`${this.jobNumber}: ${stageLabel}${now.overdue ? ' (overdue)' : ''}`);
    const before = this.published;
    if (before && before.stage === now.stage && before.assignee === now.assignee && before.promisedDeadlineAt === now.promisedDeadlineAt && before.overdue === now.overdue) return;
    this.published = now;
    if (!patched(JOB_SEARCH_ATTRIBUTES_PATCH)) return;
    upsertSearchAttributes([
      { key: STAGE, value: now.stage },
      { key: ASSIGNEE, value: now.assignee },
      { key: PROMISED_BY, value: now.promisedDeadlineAt ? new Date(now.promisedDeadlineAt) : null },
      { key: OVERDUE, value: now.overdue },
    ]);
  }
}

/**
 * The customer's messages about one job, sent one at a time in the order they were queued (the
 * delivery queue then keeps that order per recipient). `run` is the workflow's message pump.
 */
export class CustomerNotices {
  private readonly queue: CustomerNoticeRequest[] = [];

  constructor(
    private readonly jobId: string,
    private readonly jobKind: JobKind,
  ) {}

  /** `key` makes it one message however often the activity is retried (the journal sequence is a good one). */
  push(kind: string, key: string | number, facts: CustomerNoticeRequest['facts'] = {}): void {
    this.queue.push({ jobId: this.jobId, jobKind: this.jobKind, kind, dedupeKey: `${this.jobId}:${kind}:${key}`, facts });
  }

  get drained(): boolean {
    return this.queue.length === 0;
  }

  /** Sends queued notices until `finished()` and nothing is left. */
  async run(finished: () => boolean): Promise<void> {
    for (;;) {
      await condition(() => this.queue.length > 0 || finished());
      const notice = this.queue.shift();
      if (!notice) return;
      await sendCustomerNotice(notice);
    }
  }
}

export function alertStoreManagers(alert: ManagerAlert): Promise<void> {
  return alertManagers(alert);
}

export function recordPayments(write: JobPaymentsWrite): Promise<void> {
  return recordJobPayments(write);
}

/**
 * A timer that follows the job's state: `dueAt()` says when something is due (or null), and
 * `onDue` runs once each time that moment passes. When the state moves the moment (a new promised
 * date, an approval decided) the timer follows; it never needs cancelling by hand.
 */
export async function watchDeadline(dueAt: () => number | null, onDue: () => void, finished: () => boolean): Promise<void> {
  for (;;) {
    const due = dueAt();
    if (finished()) return;
    if (due === null) {
      await condition(() => dueAt() !== null || finished());
      continue;
    }
    const wait = due - workflowNow();
    const moved = wait > 0 ? await condition(() => dueAt() !== due || finished(), wait) : false;
    if (finished()) return;
    if (moved) continue;
    onDue();
    // Once per moment: wait for the state to name another (or none).
    await condition(() => dueAt() !== due || finished());
  }
}
