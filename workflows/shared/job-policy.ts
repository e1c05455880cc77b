import type { PolicyDuration } from './duration.js';

/**
 * The store's rules a job runs by, fixed when the job starts (the terms the customer was given at
 * the counter); a new job takes the store's policy of its day. Amounts are minor units of the
 * store's currency. Every delay is a duration, so tests run with second-long policies.
 */
export interface RepairPolicy {
  timeZone: string;
  currency: string;
  /** Estimates at or under this are approved at once (with or without the job's own go-ahead limit). */
  autoApproveMinor: number;
  estimateReminderAfter: PolicyDuration;
  /** Unanswered this long after it was sent, an estimate lapses and the piece goes back unrepaired. */
  estimateExpiresAfter: PolicyDuration;
  /** Reminders to collect a ready piece, counted from the day it became ready. */
  pickupRemindersAfter: PolicyDuration[];
  /** Not collected this long after it became ready: flagged unclaimed for a manager. */
  unclaimedAfter: PolicyDuration;
  /** A piece declared worth this much or more needs an ID check at pickup. */
  idCheckFromMinor: number;
  warrantyPeriod: PolicyDuration;
  /** History length at which the workflow carries its state into a new run. */
  maxHistoryEvents: number;
}

/** The custom-order terms of a store, fixed when the order is taken (the terms the customer agreed to). */
export interface OrderPolicy {
  timeZone: string;
  currency: string;
  /** Design versions included in the price; a further one needs a recorded agreement (its fee). */
  designRoundsIncluded: number;
  designReminderAfter: PolicyDuration;
  /** Share of the approved quote paid before production starts, in basis points (5000 = 50%). */
  depositShareBps: number;
  /** The design fee counts toward the order's price (absent in orders taken before it existed: it did). */
  designFeeCredited?: boolean;
  /** Share of what was paid that is refunded when the order is cancelled before production. */
  refundBeforeProductionBps: number;
  idCheckFromMinor: number;
  pickupRemindersAfter: PolicyDuration[];
  unclaimedAfter: PolicyDuration;
  thankYouAfter: PolicyDuration;
  careReminderAfter: PolicyDuration;
  maxHistoryEvents: number;
}
