/** A promised date as the workflow keeps it: the store's calendar day, and the instant it ends. */
export interface PromisedDate {
  /** YYYY-MM-DD in the store's time zone. */
  date: string;
  /** The end of that day in the store's time zone (ISO instant): when the job becomes overdue. */
  deadlineAt: string;
  /** Sooner than the store's default: needs a manager. */
  rush: boolean;
}

/**
 * The job's promise to the customer. When it passes before the piece is ready the job is flagged
 * overdue; the customer gets one delay notice — when staff move the date later, naming it, or
 * when the date passes unmoved.
 */
export class PromiseKeeper {
  constructor(
    public current: PromisedDate,
    public overdue = false,
    public delayNoticeSent = false,
  ) {}

  /** When the job becomes overdue (null when it cannot: the piece is ready, or it already is). */
  overdueAt(workStillOwed: boolean): number | null {
    return workStillOwed && !this.overdue ? Date.parse(this.current.deadlineAt) : null;
  }

  /** Flags the job overdue; true when the (one) delay notice should go now. */
  markOverdue(): boolean {
    this.overdue = true;
    return this.takeDelayNotice();
  }

  /** A new promise; `notifyDelay` is true when it is later and no delay notice went yet. */
  change(next: PromisedDate, now: number): { later: boolean; notifyDelay: boolean } {
    const later = next.date > this.current.date;
    this.current = next;
    if (Date.parse(next.deadlineAt) > now) this.overdue = false;
    return { later, notifyDelay: later && this.takeDelayNotice() };
  }

  /** A date planned with the work (production lead times), not a delay: no notice is taken for it. */
  plan(next: PromisedDate): void {
    this.current = next;
  }

  private takeDelayNotice(): boolean {
    if (this.delayNoticeSent) return false;
    this.delayNoticeSent = true;
    return true;
  }
}
