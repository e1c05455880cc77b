/**
 * The repair workflow's public contract: its input, its messages and the state it reports.
 * The API (client side) and the workflow import these same definitions.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { RepairStage } from './repair-stages.js';

export const REPAIR_JOB_WORKFLOW_TYPE = 'repairJobWorkflow';

export function repairWorkflowId(repairId: string): string {
  return `repair-${repairId}`;
}

export interface RepairJobInput {
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

export interface RepairJobState {
  repairId: string;
  stage: RepairStage;
  pieceLocation: string;
  allowedNextStages: readonly RepairStage[];
  transitions: StageTransition[];
}

export const advanceStageUpdate = defineUpdate<RepairJobState, [AdvanceStageRequest]>('advanceStage');
export const getStateQuery = defineQuery<RepairJobState>('getState');
