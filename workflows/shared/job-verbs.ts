import type { UpdateDefinition } from '@temporalio/common';
import { setHandler } from '@temporalio/workflow';
import { workflowNowIso } from './clock.js';
import { type CustodyBook, type HandOver, describeMove } from './custody.js';
import type { JobPayment } from './job-activities.js';
import { type Actor, type JobEvent, type JobKind, formatMoney } from './job-model.js';
import { type CustomerNotices, type JobJournal, recordPayments } from './job-runtime.js';
import type { StageTable } from './stage-table.js';

/** Events kept in a job workflow's state for `getState`; the whole journal is in Postgres. */
export const RECENT_EVENTS = 20;

/** What every job's state has that the verbs move: its stage, its latest events, its payments. */
export interface JobStateCore<S extends string> {
  stage: S;
  stageLabel: string;
  stageSince: string;
  recentEvents: JobEvent[];
  payments: (JobPayment & { at: string })[];
}

/**
 * The small verbs every job procedure is written in: record a fact, enter a stage, hand the piece
 * over, tell the customer, take payments. Each lifecycle's workflow holds one, over its own state.
 */
export class JobVerbs<S extends string, A extends string> {
  constructor(
    private readonly job: JobStateCore<S>,
    private readonly table: StageTable<S, A>,
    private readonly journal: JobJournal,
    private readonly custody: CustodyBook,
    private readonly notices: CustomerNotices,
    private readonly jobId: string,
    private readonly kind: JobKind,
    /** Prefix of the notices' kinds: `repair.ready`, `order.ready`. */
    private readonly noticePrefix: string,
  ) {}

  record(type: string, actor: Actor, summary: string, data: Record<string, unknown> = {}): void {
    const event = this.journal.record(type, actor, summary, data);
    this.job.recentEvents = [...this.job.recentEvents, event].slice(-RECENT_EVENTS);
  }

  enterStage(to: S, actor: Actor, why: string): void {
    const from = this.job.stage;
    this.job.stage = to;
    this.job.stageLabel = this.table.stages[to].label;
    this.job.stageSince = workflowNowIso();
    this.record('stage_changed', actor, why, { from, to });
  }

  /** Moves `keys` (default: everything still with the shop) to `to`, each move journaled. */
  handOver(to: HandOver, actor: Actor, keys?: string[]): void {
    for (const move of this.custody.handOver(to, keys)) this.record('custody_changed', actor, describeMove(move), { item: move.key, from: move.from, to: move.to });
  }

  tell(kind: string, facts: Record<string, string | number | null> = {}): void {
    this.notices.push(`${this.noticePrefix}.${kind}`, this.journal.sequence, facts);
  }

  /**
   * One Update per action: its validator refuses what the stage, the role or `rules` forbid before
   * anything enters the history; its handler acts, waits for the journal write, answers `view()`.
   */
  action<Request extends { actor: Actor }, View>(
    update: UpdateDefinition<View, [Request]>,
    name: A,
    act: (request: Request) => void | Promise<void>,
    view: () => View,
    rules: (request: Request) => void = () => {},
  ): void {
    setHandler(
      update,
      async (request: Request) => {
        await act(request);
        await this.journal.commit();
        return view();
      },
      {
        validator: (request: Request) => {
          this.table.require(this.job.stage, name, request.actor);
          rules(request);
        },
      },
    );
  }

  /** Writes the payments (once, however often retried), then journals each. */
  async takePayments(payments: JobPayment[], actor: Actor, occasion: string): Promise<void> {
    if (payments.length === 0) return;
    await recordPayments({ jobId: this.jobId, jobKind: this.kind, payments, recordedBy: actor, idempotencyKey: `${this.jobId}:${occasion}:${this.journal.sequence}` });
    for (const payment of payments) {
      this.job.payments.push({ ...payment, at: workflowNowIso() });
      this.record('payment_recorded', actor, `${payment.kind} of ${formatMoney(payment.amount.amountMinor, payment.amount.currency)} (${payment.method})`, { payment });
    }
  }
}
