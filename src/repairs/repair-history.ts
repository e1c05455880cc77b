import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import type { AdvanceStageRequest, RepairJobInput } from '../../workflows/repair-job.contract.js';
import type { RepairStage } from '../../workflows/repair-stages.js';
import type { CustomerNotice, NotifyCustomerOfStageInput } from '../../activities/repair-activities.js';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;
type Payloads = temporal.api.common.v1.IPayloads | null | undefined;

export type HistoryFact =
  | { type: 'stage_changed'; at: string; stage: RepairStage; actor: string }
  | { type: 'message_queued'; at: string; stage: RepairStage; messageId: string };

/**
 * Reads a repair workflow's event history into the facts a manager wants: each stage change
 * (who, when) and each customer message queued. Refused updates never reach the history.
 */
export function factsFromHistory(events: HistoryEvent[]): HistoryFact[] {
  const facts: HistoryFact[] = [];
  const acceptedAdvances = new Map<string, { at: string; request: AdvanceStageRequest }>();
  const scheduledNotices = new Map<string, NotifyCustomerOfStageInput>();

  for (const event of events) {
    const at = eventTime(event);
    const started = event.workflowExecutionStartedEventAttributes;
    if (started) {
      const [input] = decode<[RepairJobInput]>(started.input);
      facts.push({ type: 'stage_changed', at, stage: 'received', actor: input.receivedBy });
    }

    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.acceptedRequest?.input?.name === 'advanceStage') {
      const [request] = decode<[AdvanceStageRequest]>(accepted.acceptedRequest.input.args);
      acceptedAdvances.set(accepted.protocolInstanceId ?? '', { at, request });
    }

    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    const advance = completed && acceptedAdvances.get(completed.meta?.updateId ?? '');
    if (advance && completed.outcome?.success) {
      facts.push({ type: 'stage_changed', at: advance.at, stage: advance.request.to, actor: advance.request.actor });
    }

    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name === 'notifyCustomerOfStage') {
      scheduledNotices.set(String(event.eventId), decode<[NotifyCustomerOfStageInput]>(scheduled.input)[0]);
    }

    const activityDone = event.activityTaskCompletedEventAttributes;
    const notice = activityDone && scheduledNotices.get(String(activityDone.scheduledEventId));
    if (notice) {
      const [result] = decode<[CustomerNotice]>(activityDone.result);
      facts.push({ type: 'message_queued', at, stage: notice.stage, messageId: result.messageId });
    }
  }
  // A stage change is dated when it was accepted but known only once it completed: sort by time.
  return facts.sort((a, b) => a.at.localeCompare(b.at));
}

function decode<T extends unknown[]>(payloads: Payloads): T {
  return (payloads?.payloads ?? []).map((payload) => defaultPayloadConverter.fromPayload(payload)) as T;
}

function eventTime(event: HistoryEvent): string {
  const seconds = Number(event.eventTime?.seconds ?? 0);
  const nanos = event.eventTime?.nanos ?? 0;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}
