import type { JobSnapshot } from '../shared/job-model.js';
import { ANY_STAFF, BENCH, StageTable } from '../shared/stage-table.js';
import type { RepairState } from './contract.js';

/**
 * A repair's stages, in the order a job usually goes through them, and the actions each allows.
 * Where the piece is, is the job's custody (moved by the actions that hand it over), not the stage.
 */
export const REPAIR_STAGES = ['received', 'awaiting_approval', 'approved', 'in_work', 'at_vendor', 'quality_check', 'ready_for_pickup', 'picked_up'] as const;
export type RepairStage = (typeof REPAIR_STAGES)[number];

export const REPAIR_ACTIONS = [
  'provideEstimate',
  'decideEstimate',
  'assignBench',
  'sendToVendor',
  'receiveFromVendor',
  'finishWork',
  'passQualityCheck',
  'failQualityCheck',
  'recordPickup',
  'cancelRepair',
  'moveCustody',
  'changePromisedDate',
  'recordPayment',
  'recordContactAttempt',
] as const;
export type RepairAction = (typeof REPAIR_ACTIONS)[number];

/** Actions that change nothing about the work: allowed while the shop holds the piece. */
const ALWAYS = ['moveCustody', 'changePromisedDate', 'recordPayment', 'recordContactAttempt'] as const;

export const REPAIR_STAGE_TABLE = new StageTable<RepairStage, RepairAction>(
  'repair',
  {
    received: { label: 'Received, waiting for an estimate', waitingOn: 'shop', actions: ['provideEstimate', 'cancelRepair', ...ALWAYS] },
    awaiting_approval: {
      label: 'Estimate sent, waiting for your approval',
      waitingOn: 'customer',
      actions: ['decideEstimate', 'provideEstimate', 'cancelRepair', ...ALWAYS],
    },
    approved: { label: 'Approved, waiting for the bench', waitingOn: 'shop', actions: ['assignBench', 'sendToVendor', 'cancelRepair', ...ALWAYS] },
    in_work: { label: 'At the bench', waitingOn: 'shop', actions: ['assignBench', 'sendToVendor', 'finishWork', 'cancelRepair', ...ALWAYS] },
    // Cancelling waits until the piece is back from the vendor: the shop must hold it to return it.
    at_vendor: { label: 'With our specialist workshop', waitingOn: 'vendor', actions: ['receiveFromVendor', 'changePromisedDate', 'recordPayment', 'recordContactAttempt'] },
    quality_check: { label: 'Quality check', waitingOn: 'shop', actions: ['passQualityCheck', 'failQualityCheck', 'cancelRepair', ...ALWAYS] },
    ready_for_pickup: { label: 'Ready for pickup', waitingOn: 'customer', actions: ['recordPickup', 'cancelRepair', 'moveCustody', 'recordPayment', 'recordContactAttempt'] },
    picked_up: { label: 'Picked up', waitingOn: 'nobody', actions: [], final: true },
  },
  {
    provideEstimate: { label: 'give an estimate', roles: ANY_STAFF },
    decideEstimate: { label: 'answer the estimate', roles: ANY_STAFF, byCustomer: true },
    assignBench: { label: 'assign a bench jeweler', roles: ANY_STAFF },
    sendToVendor: { label: 'send it to a vendor', roles: ANY_STAFF },
    receiveFromVendor: { label: 'receive it from the vendor', roles: ANY_STAFF },
    finishWork: { label: 'finish the work', roles: BENCH },
    passQualityCheck: { label: 'pass the quality check', roles: BENCH },
    failQualityCheck: { label: 'fail the quality check', roles: BENCH },
    recordPickup: { label: 'hand it over', roles: ANY_STAFF },
    // Any staff member before the work is finished; only a manager after (checked by the workflow).
    cancelRepair: { label: 'cancel the repair', roles: ANY_STAFF },
    moveCustody: { label: 'move the piece', roles: ANY_STAFF },
    changePromisedDate: { label: 'change the promised date', roles: ANY_STAFF },
    recordPayment: { label: 'record a payment', roles: ANY_STAFF },
    recordContactAttempt: { label: 'record a contact attempt', roles: ANY_STAFF },
  },
);

/** Stages in which the work is finished: cancelling then takes a manager. */
export const WORK_FINISHED_STAGES: readonly RepairStage[] = ['quality_check', 'ready_for_pickup'];

export function isRepairStage(value: unknown): value is RepairStage {
  return typeof value === 'string' && (REPAIR_STAGES as readonly string[]).includes(value);
}

/**
 * What a repair's state says its projection row is: the workflow journals it after every step,
 * and the API applies it to the row it read before an Update instead of reading the row again.
 */
export function repairSnapshotOf(state: RepairState): JobSnapshot {
  return {
    jobId: state.takeIn.jobId,
    kind: 'repair',
    stage: state.stage,
    stageLabel: state.stageLabel,
    sequence: state.journalSequence,
    custody: state.items[0].custody,
    items: state.items,
    promisedBy: state.promised.date,
    flags: state.flags,
    waitingOn: REPAIR_STAGE_TABLE.stages[state.stage].waitingOn,
    assignee: state.assignee,
    stageSince: state.stageSince,
    closed: REPAIR_STAGE_TABLE.isFinal(state.stage),
  };
}
