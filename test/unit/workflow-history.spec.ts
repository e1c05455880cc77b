import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import proto, { type temporal } from '@temporalio/proto';
import { readFileSync } from 'node:fs';
import { readHistory } from '../../src/jobs/workflow-history.js';

const EventType = proto.temporal.api.enums.v1.EventType;
const RECORDED = new URL('../workflows/histories/repair-job-v4-repair-lifecycle-workflow-reminds-the-customer-to-collect-a-ready-piece-then-flags-it-uncl.json', import.meta.url);

interface RawEvent {
  eventId: string;
  eventTime: string;
  eventType: string;
  timerFiredEventAttributes?: { startedEventId: string };
}

describe("reading a job workflow's history for its timeline", () => {
  const raw = JSON.parse(readFileSync(RECORDED, 'utf8')) as { events: RawEvent[] };
  const events = historyFromJSON(raw).events ?? [];

  it('names the start, every timer that fired (with when it was set) and the end, with their raw event ids', () => {
    const { facts } = readHistory('run-1', events);
    const firedIds = raw.events.filter((event) => event.eventType === 'EVENT_TYPE_TIMER_FIRED').map((event) => Number(event.eventId));
    expect(firedIds.length).toBeGreaterThanOrEqual(2);
    expect(facts.filter((fact) => fact.type === 'timer_fired').map((fact) => fact.eventId)).toEqual(firedIds);
    for (const fact of facts.filter((one) => one.type === 'timer_fired')) {
      const fired = raw.events.find((event) => Number(event.eventId) === fact.eventId);
      expect(fact.data.startedEventId).toBe(Number(fired?.timerFiredEventAttributes?.startedEventId));
      expect(fact.at).toBe(new Date(fired!.eventTime).toISOString());
    }
    expect(facts[0]).toMatchObject({ type: 'workflow_started', eventId: 1, runId: 'run-1', summary: 'Workflow started (repairJobWorkflow)' });
    // The test that recorded it ended it by terminating the workflow.
    expect(raw.events.at(-1)?.eventType).toBe('EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED');
    expect(facts.at(-1)).toMatchObject({ type: 'workflow_ended', eventId: Number(raw.events.at(-1)?.eventId), summary: expect.stringMatching(/^Workflow terminated/) });
  });

  it('links every workflow task to the event that woke it, so journal entries written in that task can name it', () => {
    const { triggers } = readHistory('run-1', events);
    const taskTimes = new Set(raw.events.filter((event) => event.eventType === 'EVENT_TYPE_WORKFLOW_TASK_STARTED').map((event) => new Date(event.eventTime).toISOString()));
    expect(triggers.length).toBeGreaterThan(0);
    for (const trigger of triggers) expect(taskTimes.has(trigger.taskAt)).toBe(true);
    // The first task was caused by the start.
    expect(triggers[0]).toMatchObject({ eventId: 1 });
    // Each timer that fired caused the task right after it.
    const firedIds = raw.events.filter((event) => event.eventType === 'EVENT_TYPE_TIMER_FIRED').map((event) => Number(event.eventId));
    for (const id of firedIds) expect(triggers.map((trigger) => trigger.eventId)).toContain(id);
  });

  it('reports activities that needed retries, failed or timed out, naming the activity and the last failure', () => {
    const at = (seconds: number) => ({ seconds, nanos: 0 });
    const synthetic = [
      { eventId: 1, eventTime: at(100), eventType: EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED, workflowExecutionStartedEventAttributes: { workflowType: { name: 'repairJobWorkflow' } } },
      { eventId: 5, eventTime: at(101), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityType: { name: 'sendCustomerNotice' } } },
      { eventId: 6, eventTime: at(130), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, activityTaskStartedEventAttributes: { scheduledEventId: 5, attempt: 3, lastFailure: { message: 'Redis unreachable' } } },
      { eventId: 7, eventTime: at(131), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED, activityTaskFailedEventAttributes: { scheduledEventId: 5, failure: { message: 'gave up' } } },
      { eventId: 8, eventTime: at(140), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED, activityTaskScheduledEventAttributes: { activityType: { name: 'alertManagers' } } },
      { eventId: 9, eventTime: at(141), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED, activityTaskStartedEventAttributes: { scheduledEventId: 8, attempt: 1 } },
      { eventId: 10, eventTime: at(171), eventType: EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT, activityTaskTimedOutEventAttributes: { scheduledEventId: 8 } },
    ];
    // Decoded histories carry int64 fields as Long or number alike: numbers stand in for them here.
    const { facts } = readHistory('run-9', synthetic as unknown as temporal.api.history.v1.IHistoryEvent[]);
    expect(facts.map((fact) => [fact.type, fact.eventId, fact.summary])).toEqual([
      ['workflow_started', 1, 'Workflow started (repairJobWorkflow)'],
      ['activity_retried', 6, 'sendCustomerNotice needed 3 attempts; last failure: Redis unreachable'],
      ['activity_failed', 7, 'sendCustomerNotice failed: gave up'],
      ['activity_timed_out', 10, 'alertManagers timed out'],
    ]);
    expect(facts[1].at).toBe('1970-01-01T00:02:10.000Z');
  });
});
