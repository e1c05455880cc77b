import type { PolicyDuration } from './duration.js';
import type { OrderPolicy, RepairPolicy } from './job-policy.js';

/**
 * A store's rules, with the defaults a new store starts with. A manager changes any of them per
 * store; every job reads its store's policy when it starts. Every delay is a duration (`30s`,
 * `15m`, `2h`, `7d`) so tests run with second-long policies.
 */
export interface StorePolicy {
  /** No texts between these local times (HH:MM, 24 h); transactional updates wait for the morning. */
  quietHours: { start: string; end: string };
  /** Repair estimates at or under this (minor units) are approved at once. */
  repairAutoApproveMinor: number;
  /** A repair is promised this many days after take-in unless the counter names a date. */
  defaultPromiseDays: number;
  estimateReminderAfter: PolicyDuration;
  estimateExpiresAfter: PolicyDuration;
  pickupRemindersAfter: PolicyDuration[];
  unclaimedAfter: PolicyDuration;
  /** Share of a quote taken as deposit before production, in basis points (5000 = 50%). */
  depositShareBps: number;
  /** A staged deposit plan in basis points (e.g. 2500, 2500, 5000); its first stage is the deposit. */
  depositPlanBps: number[];
  /** Pieces declared at or above this (minor units) are handed over only after an ID check. */
  idCheckFromMinor: number;
  warrantyPeriod: PolicyDuration;
  designRoundsIncluded: number;
  /** A custom order is promised this many days after the consultation unless a date is named. */
  orderPromiseDays: number;
  /** The production steps a custom order starts from (staff choose per order), each with its lead time. */
  productionSteps: ProductionStepTemplate[];
  designFeeMinor: number;
  /** The design fee counts toward the order's price. */
  designFeeCredited: boolean;
  careReminderAfter: PolicyDuration;
  thankYouAfter: PolicyDuration;
  /** A message not delivered after this long is listed for staff. */
  messageStuckAfter: PolicyDuration;
  /** History length at which a job's workflow carries its state into a new run. */
  maxHistoryEvents: number;
  /**
   * When the managers' daily digest email (late lists, custody report) goes out: a local time
   * (HH:MM, 24 h) in the store's time zone; null: no digest for this store.
   */
  managerDigestAt: string | null;
}

export const PRODUCTION_STEP_KINDS = ['cad', 'print', 'wax', 'casting', 'finishing', 'setting', 'polish', 'engraving', 'other'] as const;

/** A production step as a store's defaults (or an order's plan) name it. */
export interface ProductionStepTemplate {
  key: string;
  kind: (typeof PRODUCTION_STEP_KINDS)[number];
  label: string;
  /** Working days it usually takes: the steps' sum feeds the promised date. */
  leadDays: number;
}

export const DEFAULT_STORE_POLICY: StorePolicy = {
  quietHours: { start: '21:00', end: '08:00' },
  repairAutoApproveMinor: 5_000,
  defaultPromiseDays: 14,
  estimateReminderAfter: '7d',
  estimateExpiresAfter: '14d',
  pickupRemindersAfter: ['7d', '30d'],
  unclaimedAfter: '90d',
  depositShareBps: 5_000,
  depositPlanBps: [5_000, 5_000],
  idCheckFromMinor: 100_000,
  warrantyPeriod: '180d',
  designRoundsIncluded: 2,
  orderPromiseDays: 42,
  productionSteps: [
    { key: 'cad', kind: 'cad', label: 'CAD', leadDays: 3 },
    { key: 'wax', kind: 'wax', label: 'Wax or printed model', leadDays: 2 },
    { key: 'casting', kind: 'casting', label: 'Casting', leadDays: 5 },
    { key: 'finishing', kind: 'finishing', label: 'Finishing', leadDays: 2 },
    { key: 'setting', kind: 'setting', label: 'Stone setting', leadDays: 3 },
    { key: 'polish', kind: 'polish', label: 'Polish', leadDays: 1 },
  ],
  designFeeMinor: 0,
  designFeeCredited: true,
  careReminderAfter: '182d',
  thankYouAfter: '1d',
  messageStuckAfter: '15m',
  maxHistoryEvents: 2_000,
  managerDigestAt: '08:00',
};

/** The repair terms of a store, as a repair workflow takes them at take-in. */
export function repairPolicyOf(policy: StorePolicy, store: { timeZone: string; currency: string }): RepairPolicy {
  return {
    timeZone: store.timeZone,
    currency: store.currency,
    autoApproveMinor: policy.repairAutoApproveMinor,
    estimateReminderAfter: policy.estimateReminderAfter,
    estimateExpiresAfter: policy.estimateExpiresAfter,
    pickupRemindersAfter: policy.pickupRemindersAfter,
    unclaimedAfter: policy.unclaimedAfter,
    idCheckFromMinor: policy.idCheckFromMinor,
    warrantyPeriod: policy.warrantyPeriod,
    maxHistoryEvents: policy.maxHistoryEvents,
  };
}

/** The custom-order terms of a store, as an order workflow takes them when the order is taken. */
export function orderPolicyOf(policy: StorePolicy, store: { timeZone: string; currency: string }): OrderPolicy {
  return {
    timeZone: store.timeZone,
    currency: store.currency,
    designRoundsIncluded: policy.designRoundsIncluded,
    designReminderAfter: policy.estimateReminderAfter,
    depositShareBps: policy.depositPlanBps[0] ?? policy.depositShareBps,
    designFeeCredited: policy.designFeeCredited,
    refundBeforeProductionBps: 10_000,
    idCheckFromMinor: policy.idCheckFromMinor,
    pickupRemindersAfter: policy.pickupRemindersAfter,
    unclaimedAfter: policy.unclaimedAfter,
    thankYouAfter: policy.thankYouAfter,
    careReminderAfter: policy.careReminderAfter,
    maxHistoryEvents: policy.maxHistoryEvents,
  };
}
