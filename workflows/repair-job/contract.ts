/**
 * The repair workflow's public contract: its input, the Updates every staff and customer action
 * goes through, the state it reports, and the activities the worker implements for it. The API
 * (client side) and the workflow import these same definitions.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { ApprovalRequest } from '../shared/approvals.js';
import { type MoveCustodyRequest, jobWorkflowId, moveCustodyUpdate as sharedMoveCustodyUpdate } from '../shared/job-contract.js';
import type { JobActivities, JobPayment } from '../shared/job-activities.js';
import type { Actor, CustodyItem, JobEvent, JobFlags, Money, PriceLine, Quote } from '../shared/job-model.js';
import type { RepairPolicy } from '../shared/job-policy.js';
import type { PromisedDate } from '../shared/promised-date.js';
import type { RepairAction, RepairStage } from './stages.js';

export const REPAIR_WORKFLOW_TYPE = 'repairJobWorkflow';

export function repairWorkflowId(jobId: string): string {
  return jobWorkflowId('repair', jobId);
}

export interface RepairTakeIn {
  jobId: string;
  storeId: string;
  customerId: string;
  /** The ticket of the visit (`R-001234`) and this job on it (`R-001234-2`, job 2 of 3). */
  ticketNumber: string;
  jobNumber: string;
  itemIndex: number;
  itemCount: number;
  /** The piece as taken in: neutral words ("yellow metal ring, customer stated 14k"). */
  itemDescription: string;
  declaredValue: Money;
  /** The work written out in full ("size from 7 to 5.5, retip 4 prongs"). */
  workRequested: string;
  /** "Go ahead if under": estimates at or under it are approved without asking again. */
  goAheadLimit: Money | null;
  promised: PromisedDate;
  /** An estimate made at the counter, if any. */
  estimate: PriceLine[] | null;
  takenInBy: Actor;
}

export interface RepairWorkflowInput {
  takeIn: RepairTakeIn;
  policy: RepairPolicy;
  /** The state a previous run handed over when the history grew long (continue-as-new). */
  carried?: RepairState;
}

export type RepairOutcome = 'in_progress' | 'repaired' | 'returned_unrepaired' | 'cancelled';

export interface RepairPickup {
  at: string;
  recordedBy: Actor;
  confirmation: PickupConfirmation;
  idChecked: boolean;
  warrantyEndsOn: string | null;
}

export interface PickupConfirmation {
  /** The customer's name as they typed it. */
  typedName?: string;
  /** A drawn signature, uploaded as an image. */
  signaturePhotoId?: string;
}

/** Everything the workflow knows about the job: what `getState` answers and continue-as-new carries. */
export interface RepairState {
  takeIn: RepairTakeIn;
  stage: RepairStage;
  stageLabel: string;
  stageSince: string;
  outcome: RepairOutcome;
  /** Why the piece goes back unrepaired (declined, expired, cancelled: reason). */
  returnReason: string | null;
  items: CustodyItem[];
  promised: PromisedDate;
  flags: JobFlags;
  delayNoticeSent: boolean;
  approvals: ApprovalRequest[];
  /** The estimate in force (the latest approved, or the latest sent). */
  estimate: Quote | null;
  assignee: { id: string; name: string } | null;
  /** Everyone who worked on the piece (bench jewelers, a vendor): none of them may check it. */
  workedBy: string[];
  vendor: { name: string; reference: string; sentOn: string; expectedBackAt: string } | null;
  qcRounds: number;
  completionPhotoIds: string[];
  payments: (JobPayment & { at: string })[];
  /** What the customer still owes at pickup, in the estimate's currency (minor units). */
  amountDueMinor: number;
  readyAt: string | null;
  pickupRemindersSent: number;
  pickup: RepairPickup | null;
  journalSequence: number;
  /** The latest events (the full journal is in Postgres). */
  recentEvents: JobEvent[];
}

export interface RepairStateView extends RepairState {
  /** The actions the stage allows, for anyone (the API filters by the caller's role). */
  allowedActions: RepairAction[];
}

interface ActionRequest {
  actor: Actor;
}

export interface ProvideEstimateRequest extends ActionRequest {
  lines: PriceLine[];
  note?: string;
}
export interface DecideEstimateRequest extends ActionRequest {
  /** The estimate answered, e.g. `estimate-2`: an answer to an older one is refused. */
  approvalId: string;
  decision: 'approve' | 'decline';
  typedName?: string;
  comment?: string;
}
export interface AssignBenchRequest extends ActionRequest {
  jeweler: { id: string; name: string };
}
export interface SendToVendorRequest extends ActionRequest {
  vendor: string;
  reference: string;
  /** End of the expected return day in the store's time zone (ISO instant). */
  expectedBackAt: string;
  expectedBackOn: string;
}
export interface ReceiveFromVendorRequest extends ActionRequest {
  /** Straight to quality check (the vendor did the work), or back to the bench. */
  next: 'quality_check' | 'bench';
  note?: string;
}
export interface FinishWorkRequest extends ActionRequest {
  note?: string;
}
export interface PassQualityCheckRequest extends ActionRequest {
  completionPhotoIds: string[];
  note?: string;
}
export interface FailQualityCheckRequest extends ActionRequest {
  reason: string;
}
export interface RecordPickupRequest extends ActionRequest {
  payments: JobPayment[];
  confirmation: PickupConfirmation;
  idChecked: boolean;
  /** A manager may hand a piece over with a balance left unpaid, saying why. */
  waiveBalanceReason?: string;
}
export interface CancelRepairRequest extends ActionRequest {
  reason: string;
}
export type { MoveCustodyRequest };
export interface ChangePromisedDateRequest extends ActionRequest {
  promised: PromisedDate;
  reason: string;
}
export interface RecordPaymentRequest extends ActionRequest {
  payment: JobPayment;
}
export interface RecordContactAttemptRequest extends ActionRequest {
  channel: 'phone' | 'sms' | 'email' | 'letter' | 'in_person';
  outcome: string;
}

export const provideEstimateUpdate = defineUpdate<RepairStateView, [ProvideEstimateRequest]>('provideEstimate');
export const decideEstimateUpdate = defineUpdate<RepairStateView, [DecideEstimateRequest]>('decideEstimate');
export const assignBenchUpdate = defineUpdate<RepairStateView, [AssignBenchRequest]>('assignBench');
export const sendToVendorUpdate = defineUpdate<RepairStateView, [SendToVendorRequest]>('sendToVendor');
export const receiveFromVendorUpdate = defineUpdate<RepairStateView, [ReceiveFromVendorRequest]>('receiveFromVendor');
export const finishWorkUpdate = defineUpdate<RepairStateView, [FinishWorkRequest]>('finishWork');
export const passQualityCheckUpdate = defineUpdate<RepairStateView, [PassQualityCheckRequest]>('passQualityCheck');
export const failQualityCheckUpdate = defineUpdate<RepairStateView, [FailQualityCheckRequest]>('failQualityCheck');
export const recordPickupUpdate = defineUpdate<RepairStateView, [RecordPickupRequest]>('recordPickup');
export const cancelRepairUpdate = defineUpdate<RepairStateView, [CancelRepairRequest]>('cancelRepair');
export const moveCustodyUpdate = sharedMoveCustodyUpdate as UpdateDefinition<RepairStateView, [MoveCustodyRequest]>;
export const changePromisedDateUpdate = defineUpdate<RepairStateView, [ChangePromisedDateRequest]>('changePromisedDate');
export const recordPaymentUpdate = defineUpdate<RepairStateView, [RecordPaymentRequest]>('recordPayment');
export const recordContactAttemptUpdate = defineUpdate<RepairStateView, [RecordContactAttemptRequest]>('recordContactAttempt');

export const getRepairStateQuery = defineQuery<RepairStateView>('getState');

/** The repair workflow calls only the activities every job lifecycle shares. */
export type RepairActivities = JobActivities;
