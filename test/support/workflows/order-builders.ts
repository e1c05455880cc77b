import { randomUUID } from 'node:crypto';
import type { OrderTakeIn, OrderWorkflowInput } from '../../../workflows/custom-order/contract.js';
import type { OrderPolicy } from '../../../workflows/shared/job-policy.js';
import { DEFAULT_STORE_POLICY, orderPolicyOf } from '../../../workflows/shared/store-policy.js';
import { ANA, promisedIn } from './repair-builders.js';

/** Second-long follow-ups, so the thank-you and the care reminder happen within a test. */
export const FAST_ORDER_POLICY: OrderPolicy = {
  ...orderPolicyOf(DEFAULT_STORE_POLICY, { timeZone: 'America/New_York', currency: 'USD' }),
  designRoundsIncluded: 2,
  designReminderAfter: '1h',
  depositShareBps: 5_000,
  pickupRemindersAfter: ['1h'],
  unclaimedAfter: '2h',
  thankYouAfter: '1s',
  careReminderAfter: '2s',
};

export function anOrderTakeIn(overrides: Partial<OrderTakeIn> = {}): OrderTakeIn {
  return {
    jobId: randomUUID(),
    storeId: 'store-1',
    customerId: 'customer-1',
    orderNumber: 'C-000101',
    summary: 'Engagement ring, platinum solitaire',
    brief: {
      customerWords: 'Something like her grandmother’s ring, but lower so it does not catch on sweaters',
      spec: 'Pt950 solitaire, 6-prong low cathedral, size 6, 1.2 ct round (customer’s stone)',
      occasion: { kind: 'engagement', date: '2027-02-14' },
      budget: { minMinor: 300_000, maxMinor: 450_000, currency: 'USD' },
    },
    ownMaterials: [],
    promised: promisedIn(60 * 86_400_000),
    designFee: null,
    takenInBy: ANA,
    takenAt: new Date().toISOString(),
    ...overrides,
  };
}

export function anOrderInput(order: Partial<OrderTakeIn> = {}, policy: Partial<OrderPolicy> = {}): OrderWorkflowInput {
  return { order: anOrderTakeIn(order), policy: { ...FAST_ORDER_POLICY, ...policy } };
}

export const DESIGN_LINES = (totalMinor: number) => [
  { kind: 'design_fee' as const, description: 'Design and CAD', quantity: 1, unitMinor: 20_000 },
  { kind: 'metal' as const, description: 'Platinum 950, 6 g', quantity: 1, unitMinor: totalMinor - 20_000 },
];

export const STEPS = [
  { key: 'cad', kind: 'cad' as const, label: 'CAD' },
  { key: 'wax', kind: 'wax' as const, label: 'Wax model' },
  { key: 'casting', kind: 'casting' as const, label: 'Casting' },
  { key: 'setting', kind: 'setting' as const, label: 'Stone setting' },
  { key: 'polish', kind: 'polish' as const, label: 'Polish' },
];

export const usd = (amountMinor: number, kind: 'deposit' | 'balance' | 'design_fee' = 'deposit') => ({ kind, amount: { amountMinor, currency: 'USD' }, method: 'card' as const });
