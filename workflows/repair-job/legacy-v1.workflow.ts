import { ApplicationFailure, allHandlersFinished, condition, patched, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import {
  type AdvanceStageRequest,
  type LegacyRepairActivities,
  type LegacyRepairJobInput,
  type LegacyRepairJobState,
  type StageTransition,
  advanceStageUpdate,
  legacyGetStateQuery,
} from './legacy-v1.contract.js';
import {
  type RepairStage,
  REPAIR_STAGE_INFO,
  STAGE_TRANSITION_NOT_ALLOWED,
  type StageTransitionRefusal,
  allowedNextStages,
  describeRefusal,
  isFinalStage,
  isTransitionAllowed,
} from './legacy-v1.stages.js';

// The projection write is a short database update that staff wait on: a local activity.
const { recordRepairStage } = proxyLocalActivities<LegacyRepairActivities>({
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '10 seconds' },
});

// Telling the customer goes through the message queue; it may wait for Redis, so it never
// holds up a stage change and retries until the message is safely queued.
/** Patch id: the initial stage is entered before the update handler is registered. */
export const INITIAL_STAGE_BEFORE_HANDLERS = 'initial-stage-before-handlers';

const { notifyCustomerOfStage } = proxyActivities<LegacyRepairActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The first repair procedure: take-in to ready for pickup, moved on by the `advanceStage` update;
 * each stage change projected to Postgres and texted to the customer. Frozen: only jobs started on
 * it run it (see workflow.ts); changing it would break their replay.
 */
export async function legacyRepairJob(input: LegacyRepairJobInput): Promise<LegacyRepairJobState> {
  const transitions: StageTransition[] = [];
  const customerNotices: StageTransition[] = [];
  let stage: RepairStage = 'received';

  const state = (): LegacyRepairJobState => ({
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

  // Projection writes run one at a time, in stage order. Besides keeping the row's history in
  // order, this keeps replay deterministic: local activities that ran one after the other are
  // resolved together on replay, and two running at once would then let the update's completion
  // and the next notice swap places.
  let projectionWrites: Promise<void> = Promise.resolve();
  const project = (transition: StageTransition): Promise<void> =>
    (projectionWrites = projectionWrites.then(() => recordRepairStage({ repairId: input.repairId, ...transition })));

  const enterInitialStage = (): Promise<void> => project(enterStage('received', input.receivedBy));

  // The first stage must exist before any handler is set: an Update that arrives with the
  // workflow's first task (an advance right after take-in, or any advance while the worker was
  // down) is run the moment its handler is set, and would otherwise be undone by the take-in.
  // Histories recorded before this fix took the old order; the patch keeps them replaying.
  const initialProjection = patched(INITIAL_STAGE_BEFORE_HANDLERS) ? enterInitialStage() : undefined;

  setHandler(legacyGetStateQuery, state);
  setHandler(
    advanceStageUpdate,
    async ({ to, actor }: AdvanceStageRequest) => {
      await project(enterStage(to, actor));
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

  await (initialProjection ?? enterInitialStage());

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
