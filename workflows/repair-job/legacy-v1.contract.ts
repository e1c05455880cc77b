/**
 * The contract of the first repair procedure (received → in progress → ready), kept for the jobs
 * that started on it: they still replay and finish on it. New jobs run the full lifecycle.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RepairStage } from './legacy-v1.stages.js';

export interface LegacyRepairJobInput {
  repairId: string;
  /** Staff member who took the piece in. */
  receivedBy: string;
}

export interface AdvanceStageRequest {
  to: RepairStage;
  /** Staff member making the change; recorded in the job's history. */
  actor: string;
}

export interface StageTransition {
  sequence: number;
  from: RepairStage | null;
  to: RepairStage;
  actor: string;
  at: string;
}

export interface LegacyRepairJobState {
  repairId: string;
  stage: RepairStage;
  pieceLocation: string;
  allowedNextStages: readonly RepairStage[];
  transitions: StageTransition[];
}

export interface RecordRepairStageInput {
  repairId: string;
  sequence: number;
  to: RepairStage;
  actor: string;
  at: string;
}

export interface NotifyCustomerOfStageInput {
  repairId: string;
  stage: RepairStage;
  sequence: number;
}

export interface LegacyCustomerNotice {
  messageId: string;
  status: string;
}

/** The activities the first procedure calls; the worker still implements them for its open jobs. */
export interface LegacyRepairActivities {
  recordRepairStage(input: RecordRepairStageInput): Promise<void>;
  notifyCustomerOfStage(input: NotifyCustomerOfStageInput): Promise<LegacyCustomerNotice>;
}

export const advanceStageUpdate = defineUpdate<LegacyRepairJobState, [AdvanceStageRequest]>('advanceStage');
export const legacyGetStateQuery = defineQuery<LegacyRepairJobState>('getState');
