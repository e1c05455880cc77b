/**
 * What every job a shop does for a customer (a repair, a custom order) has in common: who acts,
 * where the piece is, money, and the journal of what happened. Pure types and functions only:
 * workflows, activities and the API all import them.
 */

export type JobKind = 'repair' | 'custom_order';

export const STAFF_ROLES = ['associate', 'bench_jeweler', 'manager', 'owner'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** How an action reached the shop: staff at the counter or on the phone, or the customer's own reply. */
export const ACTION_CHANNELS = ['counter', 'phone', 'sms', 'email', 'tracking_page', 'api', 'system'] as const;
export type ActionChannel = (typeof ACTION_CHANNELS)[number];

/** Who did something: a staff member, the customer (through a channel), or the system (a timer). */
export interface Actor {
  kind: 'staff' | 'customer' | 'system';
  /** Staff id or customer id; absent for the system. */
  id?: string;
  name: string;
  role?: StaffRole;
  channel: ActionChannel;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', name: 'Atelier', channel: 'system' };

export function isManager(actor: Actor): boolean {
  return actor.kind === 'staff' && (actor.role === 'manager' || actor.role === 'owner');
}

export interface Money {
  /** Integer minor units (cents). */
  amountMinor: number;
  /** ISO 4217. */
  currency: string;
}

/** Where a piece can be while the shop has it (or once it has left). */
export const CUSTODY_LOCATIONS = ['counter', 'safe', 'bench', 'vendor', 'display', 'in_transit', 'customer'] as const;
export type CustodyLocation = (typeof CUSTODY_LOCATIONS)[number];

export interface CustodyHolder {
  kind: 'staff' | 'vendor' | 'customer' | 'store' | 'carrier';
  id?: string;
  name: string;
}

/** Where a piece is and who answers for it, since when: every state of a job says this. */
export interface Custody {
  location: CustodyLocation;
  holder: CustodyHolder;
  /** Case number, safe drawer, vendor reference, tracking number... */
  detail?: string;
  since: string;
}

/**
 * A physical thing the shop holds for the job: the customer's piece of a repair, the customer's
 * own stone of a custom order, the finished piece. The custody report reads these.
 */
export interface CustodyItem {
  /** Stable within the job: `piece`, `own-stone-1`, ... */
  key: string;
  description: string;
  /** What the customer declared it worth (insurance), when they handed it over. */
  declaredValue: Money | null;
  custody: Custody;
}

/** Flags a manager watches; raised and cleared by timers and actions, never typed by hand. */
export interface JobFlags {
  /** The promised date passed before the piece was ready. */
  overdue: boolean;
  /** At a vendor past the expected return date. */
  vendorLate: boolean;
  /** Ready and not collected within the unclaimed period. */
  unclaimed: boolean;
  /** Promised sooner than the store's default (approved by a manager). */
  rush: boolean;
}

export const NO_FLAGS: JobFlags = { overdue: false, vendorLate: false, unclaimed: false, rush: false };

/** Whose move it is: what the late lists sort by. */
export type WaitingOn = 'shop' | 'customer' | 'vendor' | 'nobody';

/** One fact in a job's journal; the projection keeps them all (append-only) for timelines and reports. */
export interface JobEvent {
  /** 1, 2, 3... per job: a retried write of the same event is a no-op. */
  sequence: number;
  type: string;
  at: string;
  actor: Actor;
  /** Readable summary for a timeline ("Moved to the bench of Carl"). */
  summary: string;
  data: Record<string, unknown>;
}

/** The job as the projection row shows it: what lists, searches and reports read. */
export interface JobSnapshot {
  jobId: string;
  kind: JobKind;
  stage: string;
  stageLabel: string;
  /** The sequence of the last event this snapshot includes: older writes never win. */
  sequence: number;
  /** Where the job's main piece is (the first of `items`, or where the work is). */
  custody: Custody;
  /** Everything physical the shop holds (or held) for this job. */
  items: CustodyItem[];
  /** YYYY-MM-DD in the store's time zone. */
  promisedBy: string | null;
  flags: JobFlags;
  waitingOn: WaitingOn;
  /** Staff member who has the work now (bench jeweler, artisan), if any. */
  assignee: { id: string; name: string } | null;
  /** When the job entered its current stage. */
  stageSince: string;
  /** True once the piece has left the shop for good (or the job closed without a piece). */
  closed: boolean;
}

/** A line of an estimate or a quote: totals are computed from lines, never typed. */
export interface PriceLine {
  kind: 'labour' | 'part' | 'finding' | 'metal' | 'stone' | 'design_fee' | 'other';
  description: string;
  quantity: number;
  unitMinor: number;
}

export interface Quote {
  lines: PriceLine[];
  currency: string;
  totalMinor: number;
}

/** Money as a journal summary shows it: `USD 45.00`. */
export function formatMoney(amountMinor: number, currency: string): string {
  return `${currency} ${(amountMinor / 100).toFixed(2)}`;
}

export function quoteOf(lines: PriceLine[], currency: string): Quote {
  return { lines, currency, totalMinor: lines.reduce((sum, line) => sum + line.quantity * line.unitMinor, 0) };
}
