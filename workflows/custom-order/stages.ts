import type { JobSnapshot } from '../shared/job-model.js';
import { ANY_STAFF, BENCH, StageTable } from '../shared/stage-table.js';
import type { OrderState } from './contract.js';

/**
 * A custom order's stages, in the order an order usually goes through them. Nothing is made
 * before the customer approved one exact design version and paid the deposit; the order then goes
 * through its production steps (one of them may wait for the customer's try-on), a quality check,
 * the hand-over, and the follow-up months later.
 */
export const ORDER_STAGES = ['designing', 'awaiting_design_approval', 'design_approved', 'in_production', 'awaiting_try_on', 'quality_check', 'ready', 'delivered', 'completed', 'cancelled'] as const;
export type OrderStage = (typeof ORDER_STAGES)[number];

export const ORDER_ACTIONS = [
  'addDesignVersion',
  'decideDesign',
  'startProduction',
  'startStep',
  'finishStep',
  'sendStepToVendor',
  'receiveStepFromVendor',
  'decideTryOn',
  'passQualityCheck',
  'failQualityCheck',
  'handOver',
  'cancelOrder',
  'moveCustody',
  'changePromisedDate',
  'recordPayment',
  'recordContactAttempt',
] as const;
export type OrderAction = (typeof ORDER_ACTIONS)[number];

/** Actions that change nothing about the work: allowed while the order is open. */
const ALWAYS = ['moveCustody', 'changePromisedDate', 'recordPayment', 'recordContactAttempt'] as const;

export const ORDER_STAGE_TABLE = new StageTable<OrderStage, OrderAction>(
  'custom_order',
  {
    designing: { label: 'Designing your piece', waitingOn: 'shop', actions: ['addDesignVersion', 'cancelOrder', ...ALWAYS] },
    awaiting_design_approval: { label: 'Design sent, waiting for your approval', waitingOn: 'customer', actions: ['decideDesign', 'addDesignVersion', 'cancelOrder', ...ALWAYS] },
    design_approved: { label: 'Design approved, production starts after the deposit', waitingOn: 'shop', actions: ['startProduction', 'addDesignVersion', 'cancelOrder', ...ALWAYS] },
    in_production: {
      label: 'Being made',
      waitingOn: 'shop',
      actions: ['startStep', 'finishStep', 'sendStepToVendor', 'receiveStepFromVendor', 'cancelOrder', ...ALWAYS],
    },
    awaiting_try_on: { label: 'Model ready for your try-on', waitingOn: 'customer', actions: ['decideTryOn', 'cancelOrder', ...ALWAYS] },
    quality_check: { label: 'Quality check', waitingOn: 'shop', actions: ['passQualityCheck', 'failQualityCheck', 'cancelOrder', ...ALWAYS] },
    ready: { label: 'Ready for you', waitingOn: 'customer', actions: ['handOver', 'cancelOrder', 'moveCustody', 'recordPayment', 'recordContactAttempt'] },
    // The piece has left the shop; the workflow stays for the thank-you and the care reminder.
    delivered: { label: 'Delivered', waitingOn: 'nobody', actions: ['recordContactAttempt'] },
    completed: { label: 'Completed', waitingOn: 'nobody', actions: [], final: true },
    cancelled: { label: 'Cancelled', waitingOn: 'nobody', actions: [], final: true },
  },
  {
    addDesignVersion: { label: 'send a design version', roles: ANY_STAFF },
    decideDesign: { label: 'answer the design', roles: ANY_STAFF, byCustomer: true },
    startProduction: { label: 'start production', roles: ANY_STAFF },
    startStep: { label: 'start a production step', roles: BENCH },
    finishStep: { label: 'finish a production step', roles: BENCH },
    sendStepToVendor: { label: 'send a step to a vendor', roles: ANY_STAFF },
    receiveStepFromVendor: { label: 'receive a step from a vendor', roles: ANY_STAFF },
    decideTryOn: { label: 'answer the try-on', roles: ANY_STAFF, byCustomer: true },
    passQualityCheck: { label: 'pass the quality check', roles: BENCH },
    failQualityCheck: { label: 'fail the quality check', roles: BENCH },
    handOver: { label: 'hand the piece over', roles: ANY_STAFF },
    // Any staff member before production; only a manager after (checked by the workflow).
    cancelOrder: { label: 'cancel the order', roles: ANY_STAFF },
    moveCustody: { label: 'move the piece', roles: ANY_STAFF },
    changePromisedDate: { label: 'change the promised date', roles: ANY_STAFF },
    recordPayment: { label: 'record a payment', roles: ANY_STAFF },
    recordContactAttempt: { label: 'record a contact attempt', roles: ANY_STAFF },
  },
);

/** Stages in which metal has been worked: cancelling then takes a manager, and keeps what was spent. */
export const PRODUCTION_STARTED_STAGES: readonly OrderStage[] = ['in_production', 'awaiting_try_on', 'quality_check', 'ready'];

/** Stages after which the shop no longer holds the piece. */
const CLOSED_STAGES: readonly OrderStage[] = ['delivered', 'completed', 'cancelled'];

/** Where nothing is held yet (no customer's stone, nothing made): the order's custody line says so. */
const NOTHING_HELD = { location: 'counter' as const, holder: { kind: 'store' as const, name: 'Shop' }, detail: 'nothing held yet' };

/** What an order's state says its projection row is (journaled after every step, laid over the row by the API). */
export function orderSnapshotOf(state: OrderState): JobSnapshot {
  const main = state.items.find((item) => item.key === 'piece') ?? state.items[0];
  return {
    jobId: state.order.jobId,
    kind: 'custom_order',
    stage: state.stage,
    stageLabel: state.stageLabel,
    sequence: state.journalSequence,
    custody: main?.custody ?? { ...NOTHING_HELD, since: state.order.takenAt },
    items: state.items,
    promisedBy: state.promised.date,
    flags: state.flags,
    waitingOn: ORDER_STAGE_TABLE.stages[state.stage].waitingOn,
    assignee: state.assignee,
    stageSince: state.stageSince,
    closed: CLOSED_STAGES.includes(state.stage),
  };
}
