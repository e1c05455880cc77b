import { randomUUID } from 'node:crypto';
import type { RepairTakeIn, RepairWorkflowInput } from '../../../workflows/repair-job/contract.js';
import type { Actor, StaffRole } from '../../../workflows/shared/job-model.js';
import type { RepairPolicy } from '../../../workflows/shared/job-policy.js';
import { DEFAULT_STORE_POLICY, repairPolicyOf } from '../../../workflows/shared/store-policy.js';

export const staff = (name: string, role: StaffRole = 'associate'): Actor => ({ kind: 'staff', id: `staff-${name}`, name, role, channel: 'counter' });
export const customer = (channel: Actor['channel'] = 'sms'): Actor => ({ kind: 'customer', id: 'customer-1', name: 'Maria', channel });

export const ANA = staff('ana');
export const CARL = staff('carl', 'bench_jeweler');
export const DINA = staff('dina', 'bench_jeweler');
export const MEG = staff('meg', 'manager');

/** Second-long policies, so timers fire within a test. */
export const FAST_POLICY: RepairPolicy = {
  ...repairPolicyOf(DEFAULT_STORE_POLICY, { timeZone: 'America/New_York', currency: 'USD' }),
  autoApproveMinor: 5_000,
  estimateReminderAfter: '2s',
  estimateExpiresAfter: '4s',
  pickupRemindersAfter: ['1s', '2s'],
  unclaimedAfter: '3s',
  idCheckFromMinor: 100_000,
  warrantyPeriod: '180d',
};

/** A promise due `inMs` from now (an instant, as the API computes it from the store's calendar). */
export function promisedIn(inMs: number, rush = false) {
  const deadline = new Date(Date.now() + inMs);
  return { date: deadline.toISOString().slice(0, 10), deadlineAt: deadline.toISOString(), rush };
}

export function aRepairTakeIn(overrides: Partial<RepairTakeIn> = {}): RepairTakeIn {
  return {
    jobId: randomUUID(),
    storeId: 'store-1',
    customerId: 'customer-1',
    ticketNumber: 'R-001001',
    jobNumber: 'R-001001-1',
    itemIndex: 1,
    itemCount: 1,
    itemDescription: 'Yellow metal ring, customer stated 14k, one clear stone',
    declaredValue: { amountMinor: 45_000, currency: 'USD' },
    workRequested: 'Size from 7 to 5.5; retip 4 prongs',
    goAheadLimit: null,
    promised: promisedIn(14 * 86_400_000),
    estimate: null,
    takenInBy: ANA,
    ...overrides,
  };
}

export function aRepairInput(takeIn: Partial<RepairTakeIn> = {}, policy: Partial<RepairPolicy> = {}): RepairWorkflowInput {
  return { takeIn: aRepairTakeIn(takeIn), policy: { ...FAST_POLICY, ...policy } };
}

export const LABOUR = (unitMinor: number) => ({ kind: 'labour' as const, description: 'Sizing and retipping', quantity: 1, unitMinor });
