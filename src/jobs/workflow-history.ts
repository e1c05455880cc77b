// A CommonJS package whose namespace Node cannot list as named exports: take it whole.
import proto from '@temporalio/proto';
import type { temporal } from '@temporalio/proto';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
const EventType = proto.temporal.api.enums.v1.EventType;

/** What a job's workflow history adds to its journal: what Temporal itself saw happen. */
export const HISTORY_FACT_TYPES = ['workflow_started', 'workflow_continued', 'workflow_ended', 'timer_fired', 'signal_received', 'activity_retried', 'activity_failed', 'activity_timed_out', 'workflow_task_failed'] as const;
export type HistoryFactType = (typeof HISTORY_FACT_TYPES)[number];

export interface HistoryFact {
  runId: string;
  /** The raw event id in that run's history. */
  eventId: number;
  at: string;
  type: HistoryFactType;
  summary: string;
  data: Record<string, unknown>;
}

/** The history event that woke the workflow for the task at `taskAt` (a timer, a signal, an update, the start). */
export interface TaskTrigger {
  runId: string;
  eventId: number;
  /** The workflow task's time: what journal events recorded in that task carry as their `at`. */
  taskAt: string;
}

export interface HistoryReading {
  facts: HistoryFact[];
  triggers: TaskTrigger[];
}

/**
 * Reads one run's history for the facts a manager wants beside the journal (timers that fired,
 * activity retries and failures, the run's start and end), and for each workflow task the event
 * that caused it, so a journal entry can name the raw event behind it.
 */
export function readHistory(runId: string, events: HistoryEvent[]): HistoryReading {
  const facts: HistoryFact[] = [];
  const triggers: TaskTrigger[] = [];
  const byId = new Map(events.map((event) => [eventIdOf(event), event]));
  const activityName = (scheduledEventId: unknown) => byId.get(Number(scheduledEventId ?? 0))?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
  const fact = (event: HistoryEvent, type: HistoryFactType, summary: string, data: Record<string, unknown> = {}) => facts.push({ runId, eventId: eventIdOf(event), at: instantOf(event), type, summary, data });
  let waking: HistoryEvent | undefined;
  let lastTaskAt: string | undefined;
  const linked = new Set<string>();

  for (const event of events) {
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const previousRun = event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
        if (previousRun) fact(event, 'workflow_continued', 'History carried on in a new run', { previousRunId: previousRun });
        else fact(event, 'workflow_started', `Workflow started (${event.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'job'})`);
        waking ??= event;
        break;
      }
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const started = byId.get(Number(event.timerFiredEventAttributes?.startedEventId ?? 0));
        const after = started?.timerStartedEventAttributes?.startToFireTimeout;
        fact(event, 'timer_fired', `Timer fired${after ? `, set for ${durationText(after)}` : ''}${started ? ` at ${instantOf(started)}` : ''}`, { timerId: event.timerFiredEventAttributes?.timerId ?? null, startedEventId: started ? eventIdOf(started) : null });
        waking ??= event;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        fact(event, 'signal_received', `Signal ${event.workflowExecutionSignaledEventAttributes?.signalName ?? ''} received`);
        waking ??= event;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        lastTaskAt = instantOf(event);
        if (waking && !linked.has(lastTaskAt)) {
          triggers.push({ runId, eventId: eventIdOf(waking), taskAt: lastTaskAt });
          linked.add(lastTaskAt);
        }
        waking = undefined;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        // An update runs in the task just completed; its acceptance is written after it.
        if (lastTaskAt && !linked.has(lastTaskAt)) {
          triggers.push({ runId, eventId: eventIdOf(event), taskAt: lastTaskAt });
          linked.add(lastTaskAt);
        }
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attributes = event.activityTaskStartedEventAttributes;
        if ((attributes?.attempt ?? 1) > 1) {
          const lastFailure = attributes?.lastFailure?.message ?? null;
          fact(event, 'activity_retried', `${activityName(attributes?.scheduledEventId)} needed ${attributes?.attempt} attempts${lastFailure ? `; last failure: ${lastFailure}` : ''}`, { activity: activityName(attributes?.scheduledEventId), attempt: attributes?.attempt, lastFailure });
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const attributes = event.activityTaskFailedEventAttributes;
        fact(event, 'activity_failed', `${activityName(attributes?.scheduledEventId)} failed: ${attributes?.failure?.message ?? 'no message'}`, { activity: activityName(attributes?.scheduledEventId) });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const attributes = event.activityTaskTimedOutEventAttributes;
        fact(event, 'activity_timed_out', `${activityName(attributes?.scheduledEventId)} timed out`, { activity: activityName(attributes?.scheduledEventId) });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        fact(event, 'workflow_task_failed', `Workflow task failed: ${event.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message'}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        fact(event, 'workflow_ended', 'Workflow completed');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        fact(event, 'workflow_ended', 'Run continued as new (its history grew long)', { nextRunId: event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? null });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        fact(event, 'workflow_ended', `Workflow failed: ${event.workflowExecutionFailedEventAttributes?.failure?.message ?? 'no message'}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        fact(event, 'workflow_ended', `Workflow terminated: ${event.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        fact(event, 'workflow_ended', 'Workflow cancelled');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        fact(event, 'workflow_ended', 'Workflow timed out');
        break;
      default:
        break;
    }
  }
  return { facts, triggers };
}

/** Every run of a workflow (oldest first) read as one. */
export function readRuns(runs: { runId: string; events: HistoryEvent[] }[]): HistoryReading {
  const readings = runs.map((run) => readHistory(run.runId, run.events));
  return { facts: readings.flatMap((one) => one.facts), triggers: readings.flatMap((one) => one.triggers) };
}

function eventIdOf(event: HistoryEvent): number {
  return Number(event.eventId ?? 0);
}

/** An event's time to the millisecond, as workflow code sees its task's time. */
function instantOf(event: HistoryEvent): string {
  return new Date(secondsOf(event.eventTime?.seconds) * 1000 + Math.floor((event.eventTime?.nanos ?? 0) / 1_000_000)).toISOString();
}

function secondsOf(value: unknown): number {
  if (value === null || value === undefined) return 0;
  if (typeof value === 'object' && 'toNumber' in value && typeof value.toNumber === 'function') return value.toNumber() as number;
  return Number(value);
}

function durationText(duration: { seconds?: unknown; nanos?: number | null }): string {
  const seconds = secondsOf(duration.seconds) + (duration.nanos ?? 0) / 1e9;
  if (seconds >= 2 * 86_400) return `${Math.round(seconds / 86_400)} days`;
  if (seconds >= 2 * 3_600) return `${Math.round(seconds / 3_600)} hours`;
  if (seconds >= 120) return `${Math.round(seconds / 60)} minutes`;
  return `${Math.round(seconds * 10) / 10} seconds`;
}
