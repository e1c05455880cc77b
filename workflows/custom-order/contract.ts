/**
 * The custom-order workflow's public contract: its input, the Updates every staff and customer
 * action goes through, the state it reports. The API and the workflow import these definitions.
 */
import type { UpdateDefinition } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ApprovalRequest } from '../shared/approvals.js';
import type { JobPayment } from '../shared/job-activities.js';
import { type MoveCustodyRequest, jobWorkflowId, moveCustodyUpdate as sharedMoveCustodyUpdate } from '../shared/job-contract.js';
import type { Actor, CustodyItem, JobEvent, JobFlags, Money, PriceLine, Quote } from '../shared/job-model.js';
import type { OrderPolicy } from '../shared/job-policy.js';
import type { PromisedDate } from '../shared/promised-date.js';
import type { ProductionStepTemplate } from '../shared/store-policy.js';
import type { OrderAction, OrderStage } from './stages.js';

export const ORDER_WORKFLOW_TYPE = 'customOrderWorkflow';

export function orderWorkflowId(jobId: string): string {
  return jobWorkflowId('custom_order', jobId);
}

/** The customer's own stone or metal, taken into the shop's care with the order (like a repair item). */
export interface OwnMaterial {
  description: string;
  declaredValue: Money;
}

/** The consultation: the customer's words kept apart from the jeweler's spec. */
export interface OrderBrief {
  /** What the customer asked for, in their words. */
  customerWords: string;
  /** The jeweler's working spec (metal, fineness, stones, sizes). */
  spec: string;
  occasion: { kind: string; date: string | null } | null;
  budget: { minMinor: number; maxMinor: number; currency: string } | null;
}

export interface OrderTakeIn {
  jobId: string;
  storeId: string;
  customerId: string;
  orderNumber: string;
  /** Short words for lists and the Web UI ("Engagement ring, platinum solitaire"). */
  summary: string;
  brief: OrderBrief;
  ownMaterials: OwnMaterial[];
  promised: PromisedDate;
  /** The design fee taken at the consultation, if the store charges one. */
  designFee: JobPayment | null;
  takenInBy: Actor;
  /** ISO instant of the consultation. */
  takenAt: string;
}

export interface OrderWorkflowInput {
  order: OrderTakeIn;
  policy: OrderPolicy;
  /** The state a previous run handed over when the history grew long (continue-as-new). */
  carried?: OrderState;
}

export interface DesignVersion {
  /** The approval it was put to the customer as (`design-2`). */
  approvalId: string;
  version: number;
  /** Renders, CAD exports: photo ids kept with the job. */
  fileIds: string[];
  notes: string;
  quote: Quote;
  /** Agreed with the customer for a round beyond those included (its fee, in the quote). */
  extraRoundAgreement: string | null;
}

export type StepStatus = 'pending' | 'in_progress' | 'at_vendor' | 'done';

export interface ProductionStep {
  /** Stable within the order: `cad`, `casting`, `setting`... */
  key: string;
  kind: ProductionStepTemplate['kind'];
  label: string;
  status: StepStatus;
  artisan: { id: string; name: string } | null;
  vendor: { name: string; reference: string; sentOn: string; expectedBackAt: string } | null;
  /** Everyone who worked on this step (artisans, `vendor:<name>`): none of them may check the piece. */
  workedBy: string[];
  /** Why the quality check or the try-on sent it back, last time. */
  reworkReason: string | null;
}

export interface OrderHandOver {
  at: string;
  recordedBy: Actor;
  method: 'pickup' | 'shipping';
  carrier: string | null;
  trackingNumber: string | null;
  confirmation: { typedName?: string; signaturePhotoId?: string };
  idChecked: boolean;
}

/** Everything the workflow knows about the order: what `getState` answers and continue-as-new carries. */
export interface OrderState {
  order: OrderTakeIn;
  stage: OrderStage;
  stageLabel: string;
  stageSince: string;
  items: CustodyItem[];
  promised: PromisedDate;
  flags: JobFlags;
  delayNoticeSent: boolean;
  approvals: ApprovalRequest[];
  designs: DesignVersion[];
  /** The design version the customer approved (the one production makes). */
  approvedDesign: DesignVersion | null;
  depositRequiredMinor: number;
  tryOn: boolean;
  steps: ProductionStep[];
  assignee: { id: string; name: string } | null;
  qcRounds: number;
  payments: (JobPayment & { at: string })[];
  /** Paid so far, refunds taken off (minor units of the store's currency). */
  paidMinor: number;
  /** The approved quote less what was paid (what is due at the hand-over). */
  amountDueMinor: number;
  readyAt: string | null;
  pickupRemindersSent: number;
  handOver: OrderHandOver | null;
  deliveredAt: string | null;
  followUps: { thankYouSent: boolean; careReminderSent: boolean };
  cancellation: { reason: string; keptMinor: number; refundedMinor: number } | null;
  journalSequence: number;
  /** The latest events (the full journal is in Postgres). */
  recentEvents: JobEvent[];
}

export interface OrderStateView extends OrderState {
  /** The actions the stage allows, for anyone (the API filters by the caller's role). */
  allowedActions: OrderAction[];
}

interface ActionRequest {
  actor: Actor;
}

export interface AddDesignVersionRequest extends ActionRequest {
  fileIds: string[];
  notes: string;
  lines: PriceLine[];
  /** Needed for a round beyond those included: what was agreed (e.g. "third round, USD 150"). */
  extraRoundAgreement?: string;
}
export interface DecideDesignRequest extends ActionRequest {
  /** The version answered, e.g. `design-2`: an answer to an older one is refused, naming the latest. */
  approvalId: string;
  decision: 'approve' | 'request_changes';
  comment?: string;
  typedName?: string;
}
export interface NewProductionStep {
  key: string;
  kind: ProductionStep['kind'];
  label: string;
}
export interface StartProductionRequest extends ActionRequest {
  steps: NewProductionStep[];
  /** The customer tries a wax or printed model on before casting. */
  tryOn: boolean;
  /** The steps' lead times end after the current promise: the order is promised for then. */
  promised?: PromisedDate;
}
export interface StartStepRequest extends ActionRequest {
  stepKey: string;
  artisan: { id: string; name: string };
}
export interface FinishStepRequest extends ActionRequest {
  stepKey: string;
  note?: string;
}
export interface SendStepToVendorRequest extends ActionRequest {
  stepKey: string;
  vendor: string;
  reference: string;
  expectedBackAt: string;
  expectedBackOn: string;
}
export interface ReceiveStepFromVendorRequest extends ActionRequest {
  stepKey: string;
  note?: string;
}
export interface DecideTryOnRequest extends ActionRequest {
  approvalId: string;
  decision: 'approve' | 'request_changes';
  comment?: string;
}
export interface PassOrderQualityCheckRequest extends ActionRequest {
  completionPhotoIds: string[];
  note?: string;
}
export interface FailOrderQualityCheckRequest extends ActionRequest {
  /** The step the piece goes back to. */
  backToStep: string;
  reason: string;
}
export interface HandOverRequest extends ActionRequest {
  method: 'pickup' | 'shipping';
  carrier?: string;
  trackingNumber?: string;
  payments: JobPayment[];
  confirmation: { typedName?: string; signaturePhotoId?: string };
  idChecked: boolean;
}
export interface CancelOrderRequest extends ActionRequest {
  reason: string;
  /** After production started: what the shop keeps for the work done (a manager decides). */
  keepMinor?: number;
}
export interface ChangeOrderPromisedDateRequest extends ActionRequest {
  promised: PromisedDate;
  reason: string;
}
export interface RecordOrderPaymentRequest extends ActionRequest {
  payment: JobPayment;
}
export interface RecordOrderContactAttemptRequest extends ActionRequest {
  channel: 'phone' | 'sms' | 'email' | 'letter' | 'in_person';
  outcome: string;
}

const update = <Request>(name: OrderAction) => defineUpdate<OrderStateView, [Request]>(name);

export const addDesignVersionUpdate = update<AddDesignVersionRequest>('addDesignVersion');
export const decideDesignUpdate = update<DecideDesignRequest>('decideDesign');
export const startProductionUpdate = update<StartProductionRequest>('startProduction');
export const startStepUpdate = update<StartStepRequest>('startStep');
export const finishStepUpdate = update<FinishStepRequest>('finishStep');
export const sendStepToVendorUpdate = update<SendStepToVendorRequest>('sendStepToVendor');
export const receiveStepFromVendorUpdate = update<ReceiveStepFromVendorRequest>('receiveStepFromVendor');
export const decideTryOnUpdate = update<DecideTryOnRequest>('decideTryOn');
export const passOrderQualityCheckUpdate = update<PassOrderQualityCheckRequest>('passQualityCheck');
export const failOrderQualityCheckUpdate = update<FailOrderQualityCheckRequest>('failQualityCheck');
export const handOverUpdate = update<HandOverRequest>('handOver');
export const cancelOrderUpdate = update<CancelOrderRequest>('cancelOrder');
export const moveOrderCustodyUpdate = sharedMoveCustodyUpdate as UpdateDefinition<OrderStateView, [MoveCustodyRequest]>;
export const changeOrderPromisedDateUpdate = update<ChangeOrderPromisedDateRequest>('changePromisedDate');
export const recordOrderPaymentUpdate = update<RecordOrderPaymentRequest>('recordPayment');
export const recordOrderContactAttemptUpdate = update<RecordOrderContactAttemptRequest>('recordContactAttempt');

export const getOrderStateQuery = defineQuery<OrderStateView>('getState');
