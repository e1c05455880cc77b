import { ORDER_STAGES, ORDER_STAGE_TABLE } from '../../../workflows/custom-order/stages.js';
import { REPAIR_STAGES, REPAIR_STAGE_TABLE } from '../../../workflows/repair-job/stages.js';
import type { JobKind } from '../../../workflows/shared/job-model.js';

export const KIND_LABELS: Record<JobKind, string> = { repair: 'Repairs', custom_order: 'Custom orders' };

/**
 * The stages in which a job has left the shop's hands (its projection's `closed`): the first stage
 * change into one is when the job finished. The same list is `reporting.is_closing_stage` in the
 * database (Migration20261203200000); the dashboards' test checks both against the workflows.
 */
export const CLOSING_STAGES: Record<JobKind, readonly string[]> = {
  repair: ['picked_up'],
  custom_order: ['delivered', 'completed', 'cancelled'],
};

/** Every stage of a kind of job in its table's order, with the label staff see. */
export function stagesOf(kind: JobKind): { stage: string; label: string }[] {
  return kind === 'repair'
    ? REPAIR_STAGES.map((stage) => ({ stage, label: REPAIR_STAGE_TABLE.stages[stage].label }))
    : ORDER_STAGES.map((stage) => ({ stage, label: ORDER_STAGE_TABLE.stages[stage].label }));
}

/** The stages an open job can be in. */
export function openStagesOf(kind: JobKind): { stage: string; label: string }[] {
  return stagesOf(kind).filter(({ stage }) => !CLOSING_STAGES[kind].includes(stage));
}

export function stageLabelOf(kind: JobKind, stage: string): string {
  return stagesOf(kind).find((candidate) => candidate.stage === stage)?.label ?? stage;
}
