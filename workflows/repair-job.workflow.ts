import { ApplicationFailure, allHandlersFinished, condition, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { RepairActivities } from '../activities/repair-activities.js';
import {
  type AdvanceStageRequest,
  type RepairJobInput,
  type RepairJobState,
  type StageTransition,
  advanceStageUpdate,
  getStateQuery,
} from './repair-job.contract.js';
import {
  type RepairStage,
  REPAIR_STAGE_INFO,
  STAGE_TRANSITION_NOT_ALLOWED,
  type StageTransitionRefusal,
  allowedNextStages,
  describeRefusal,
  isFinalStage,
  isTransitionAllowed,
} from './repair-stages.js';

// The projection write is a short database update that staff wait on: a local activity.
const { recordRepairStage } = proxyLocalActivities<RepairActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

// Telling the customer goes through the message queue; it may wait for Redis, so it never
// holds up a stage change and retries until the message is safely queued.
const { notifyCustomerOfStage } = proxyActivities<RepairActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * A repair job from take-in to ready for pickup. Staff move it on with the `advanceStage`
 * update; each stage change is projected to Postgres and texted to the customer.
 */
export async function repairJobWorkflow(input: RepairJobInput): Promise<RepairJobState> {
  const transitions: StageTransition[] = [];
  const customerNotices: StageTransition[] = [];
  let stage: RepairStage = 'received';

  const state = (): RepairJobState => ({
    repairId: input.repairId,
    stage,
    pieceLocation: REPAIR_STAGE_INFO[stage].pieceLocation,
    allowedNextStages: allowedNextStages(stage),
    transitions: [...transitions],
  });

  const enterStage = (to: RepairStage, actor: string): StageTransition => {
    // Temporal replaces Date inside workflows with the deterministic workflow clock.
    const transition = { sequence: transitions.length + 1, from: transitions.length ? stage : null, to, actor, at: new Date().toISOString() };
    stage = to;
    transitions.push(transition);
    customerNotices.push(transition);
    return transition;
  };

  setHandler(getStateQuery, state);
  setHandler(
    advanceStageUpdate,
    async ({ to, actor }: AdvanceStageRequest) => {
      const transition = enterStage(to, actor);
      await recordRepairStage({ repairId: input.repairId, ...transition });
      return state();
    },
    {
      validator: ({ to }: AdvanceStageRequest) => {
        if (isTransitionAllowed(stage, to)) return;
        const refusal: StageTransitionRefusal = { currentStage: stage, requestedStage: String(to), allowedNextStages: allowedNextStages(stage) };
        throw ApplicationFailure.create({ type: STAGE_TRANSITION_NOT_ALLOWED, message: describeRefusal(refusal), details: [refusal], nonRetryable: true });
      },
    },
  );

  const received = enterStage('received', input.receivedBy);
  await recordRepairStage({ repairId: input.repairId, ...received });

  // Customer messages go out one at a time, in stage order, until the final stage's is queued.
  for (;;) {
    await condition(() => customerNotices.length > 0 || isFinalStage(stage));
    const notice = customerNotices.shift();
    if (!notice) break;
    await notifyCustomerOfStage({ repairId: input.repairId, stage: notice.to, sequence: notice.sequence });
  }

  await condition(allHandlersFinished);
  return state();
}
