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
 * that caused it, so a journal entry can name the raw event behind it. Events are fed in order,
 * all at once or as they come (a run still going): what was read is never read again.
 */
export class HistoryReader {
  private readonly facts: HistoryFact[] = [];
  private readonly triggers: TaskTrigger[] = [];
  /** The events later ones refer to: activities scheduled, timers started. */
  private readonly referenced = new Map<number, HistoryEvent>();
  private waking: HistoryEvent | undefined;
  private lastTaskAt: string | undefined;
  private readonly linked = new Set<string>();
  /** The id of the last event fed (0 before any). */
  lastEventId = 0;

  constructor(readonly runId: string) {}

  get reading(): HistoryReading {
    return { facts: [...this.facts], triggers: [...this.triggers] };
  }

  feed(events: HistoryEvent[]): this {
    for (const event of events) {
      if (eventIdOf(event) <= this.lastEventId) continue;
      this.read(event);
      this.lastEventId = eventIdOf(event);
    }
    return this;
  }

  private read(event: HistoryEvent): void {
    const fact = (type: HistoryFactType, summary: string, data: Record<string, unknown> = {}) => this.facts.push({ runId: this.runId, eventId: eventIdOf(event), at: instantOf(event), type, summary, data });
    const activityName = (scheduledEventId: unknown) => this.referenced.get(Number(scheduledEventId ?? 0))?.activityTaskScheduledEventAttributes?.activityType?.name ?? 'activity';
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED: {
        const previousRun = event.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
        if (previousRun) fact('workflow_continued', 'History carried on in a new run', { previousRunId: previousRun });
        else fact('workflow_started', `Workflow started (${event.workflowExecutionStartedEventAttributes?.workflowType?.name ?? 'job'})`);
        this.waking ??= event;
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
      case EventType.EVENT_TYPE_TIMER_STARTED:
        this.referenced.set(eventIdOf(event), event);
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED: {
        const started = this.referenced.get(Number(event.timerFiredEventAttributes?.startedEventId ?? 0));
        const after = started?.timerStartedEventAttributes?.startToFireTimeout;
        fact('timer_fired', `Timer fired${after ? `, set for ${durationText(after)}` : ''}${started ? ` at ${instantOf(started)}` : ''}`, { timerId: event.timerFiredEventAttributes?.timerId ?? null, startedEventId: started ? eventIdOf(started) : null });
        this.waking ??= event;
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED:
        fact('signal_received', `Signal ${event.workflowExecutionSignaledEventAttributes?.signalName ?? ''} received`);
        this.waking ??= event;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        this.lastTaskAt = instantOf(event);
        if (this.waking) this.link(this.waking, this.lastTaskAt);
        this.waking = undefined;
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED:
        // An update runs in the task just completed; its acceptance is written after it.
        if (this.lastTaskAt) this.link(event, this.lastTaskAt);
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED: {
        const attributes = event.activityTaskStartedEventAttributes;
        if ((attributes?.attempt ?? 1) > 1) {
          const lastFailure = attributes?.lastFailure?.message ?? null;
          fact('activity_retried', `${activityName(attributes?.scheduledEventId)} needed ${attributes?.attempt} attempts${lastFailure ? `; last failure: ${lastFailure}` : ''}`, { activity: activityName(attributes?.scheduledEventId), attempt: attributes?.attempt, lastFailure });
        }
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const attributes = event.activityTaskFailedEventAttributes;
        fact('activity_failed', `${activityName(attributes?.scheduledEventId)} failed: ${attributes?.failure?.message ?? 'no message'}`, { activity: activityName(attributes?.scheduledEventId) });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT: {
        const attributes = event.activityTaskTimedOutEventAttributes;
        fact('activity_timed_out', `${activityName(attributes?.scheduledEventId)} timed out`, { activity: activityName(attributes?.scheduledEventId) });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED:
        fact('workflow_task_failed', `Workflow task failed: ${event.workflowTaskFailedEventAttributes?.failure?.message ?? 'no message'}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        fact('workflow_ended', 'Workflow completed');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        fact('workflow_ended', 'Run continued as new (its history grew long)', { nextRunId: event.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? null });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        fact('workflow_ended', `Workflow failed: ${event.workflowExecutionFailedEventAttributes?.failure?.message ?? 'no message'}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED:
        fact('workflow_ended', `Workflow terminated: ${event.workflowExecutionTerminatedEventAttributes?.reason ?? ''}`);
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED:
        fact('workflow_ended', 'Workflow cancelled');
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT:
        fact('workflow_ended', 'Workflow timed out');
        break;
      default:
        break;
    }
  }

  /** The first event that caused the task at `taskAt` names it (a later one in the same task does not). */
  private link(cause: HistoryEvent, taskAt: string): void {
    if (this.linked.has(taskAt)) return;
    this.triggers.push({ runId: this.runId, eventId: eventIdOf(cause), taskAt });
    this.linked.add(taskAt);
  }
}

/** One run's whole history, read at once. */
export function readHistory(runId: string, events: HistoryEvent[]): HistoryReading {
  return new HistoryReader(runId).feed(events).reading;
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
