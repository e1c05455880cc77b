/**
 * The stages of a repair job and the moves allowed between them: pure data and rules,
 * shared by the workflow (which enforces them) and the API (which describes them).
 */
export const REPAIR_STAGES = ['received', 'in_progress', 'ready'] as const;

export type RepairStage = (typeof REPAIR_STAGES)[number];

interface StageInfo {
  label: string;
  /** Where the physical piece is while the job is in this stage: the shop never "loses" it. */
  pieceLocation: string;
  next: readonly RepairStage[];
}

export const REPAIR_STAGE_INFO: Readonly<Record<RepairStage, StageInfo>> = {
  received: { label: 'Received', pieceLocation: 'shop safe, waiting for the bench', next: ['in_progress'] },
  in_progress: { label: 'In progress', pieceLocation: "at the bench jeweler's bench", next: ['ready'] },
  ready: { label: 'Ready for pickup', pieceLocation: 'shop safe, ready for pickup', next: [] },
};

export function isRepairStage(value: unknown): value is RepairStage {
  return typeof value === 'string' && (REPAIR_STAGES as readonly string[]).includes(value);
}

export function allowedNextStages(from: RepairStage): readonly RepairStage[] {
  return REPAIR_STAGE_INFO[from].next;
}

export function isTransitionAllowed(from: RepairStage, to: RepairStage): boolean {
  return allowedNextStages(from).includes(to);
}

export function isFinalStage(stage: RepairStage): boolean {
  return allowedNextStages(stage).length === 0;
}

/** Stable machine code of a refused move; the API maps it to 409. */
export const STAGE_TRANSITION_NOT_ALLOWED = 'STAGE_TRANSITION_NOT_ALLOWED';

export interface StageTransitionRefusal {
  currentStage: RepairStage;
  requestedStage: string;
  allowedNextStages: readonly RepairStage[];
}

export function describeRefusal(refusal: StageTransitionRefusal): string {
  const allowed = refusal.allowedNextStages;
  const options = allowed.length > 0 ? `allowed next: ${allowed.join(', ')}` : 'it is in its final stage';
  return `A repair in stage "${refusal.currentStage}" cannot move to "${refusal.requestedStage}"; ${options}.`;
}
