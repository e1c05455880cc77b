import {
  REPAIR_STAGES,
  allowedNextStages,
  describeRefusal,
  isFinalStage,
  isRepairStage,
  isTransitionAllowed,
} from '../../workflows/repair-stages.js';

describe('repair stage rules', () => {
  it('moves a repair forward one stage at a time: received, in progress, ready', () => {
    expect(isTransitionAllowed('received', 'in_progress')).toBe(true);
    expect(isTransitionAllowed('in_progress', 'ready')).toBe(true);
  });

  it('refuses skipping a stage, going back, or staying put', () => {
    expect(isTransitionAllowed('received', 'ready')).toBe(false);
    expect(isTransitionAllowed('ready', 'in_progress')).toBe(false);
    expect(isTransitionAllowed('in_progress', 'received')).toBe(false);
    for (const stage of REPAIR_STAGES) expect(isTransitionAllowed(stage, stage)).toBe(false);
  });

  it('treats ready as the final stage of this lifecycle', () => {
    expect(allowedNextStages('ready')).toEqual([]);
    expect(isFinalStage('ready')).toBe(true);
    expect(isFinalStage('received')).toBe(false);
  });

  it('recognises only known stage names', () => {
    expect(isRepairStage('in_progress')).toBe(true);
    expect(isRepairStage('shipped')).toBe(false);
    expect(isRepairStage(undefined)).toBe(false);
  });

  it('explains a refusal with the current stage and what is allowed', () => {
    expect(describeRefusal({ currentStage: 'received', requestedStage: 'ready', allowedNextStages: ['in_progress'] })).toBe(
      'A repair in stage "received" cannot move to "ready"; allowed next: in_progress.',
    );
    expect(describeRefusal({ currentStage: 'ready', requestedStage: 'received', allowedNextStages: [] })).toBe(
      'A repair in stage "ready" cannot move to "received"; it is in its final stage.',
    );
  });
});
