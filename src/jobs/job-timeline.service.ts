import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, MessageAttempt } from '../messaging/message-attempt.entity.js';
import { Message } from '../messaging/message.entity.js';
import { AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { JobEvent } from './job-event.entity.js';
import { MessageReceipt } from '../messaging/message-receipt.entity.js';
import { loadHistoryReading } from './job-history-archive.js';
import { JobItem } from './job-item.entity.js';
import { custodyAlong } from './timeline-custody.js';
import { timelineLabel } from './timeline-labels.js';
import { type HistoryReading } from './workflow-history.js';
import { WorkflowHistories } from './workflow-histories.js';

export class TimelineActorView {
  @ApiProperty({ enum: ['staff', 'customer', 'system'] }) kind!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) id!: string | null;
  @ApiProperty({ example: 'carl' }) name!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'bench_jeweler' }) role!: string | null;
  @ApiProperty({ example: 'counter', description: 'How it reached the shop: counter, phone, sms, tracking_page, system...' }) channel!: string;
}

export class TimelineAttemptView {
  @ApiProperty({ example: 1 }) attempt!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) finishedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, enum: ATTEMPT_OUTCOMES, description: 'Null while it runs, or if its worker died mid-call.' }) outcome!: AttemptOutcome | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'TWILIO_20500' }) errorCode!: string | null;
}

export class TimelineReceiptView {
  @ApiProperty({ example: 'delivered', description: "The status the provider reported (Twilio's status callback)." }) status!: string;
  @ApiProperty({ format: 'date-time', description: 'When the receipt came.' }) at!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'TWILIO_30003' }) errorCode!: string | null;
}

export class TimelineMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'repair.ready' }) kind!: string;
  @ApiProperty({ example: 'sms' }) channel!: string;
  @ApiProperty({ example: 'sent', description: 'Delivery status now.' }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The message on the other channel this one was sent in place of.' }) fallbackOf!: string | null;
  @ApiProperty({ type: TimelineAttemptView, isArray: true, description: 'Every delivery attempt and how it ended, oldest first.' }) attempts!: TimelineAttemptView[];
  @ApiProperty({ type: TimelineReceiptView, isArray: true, description: 'Every delivery receipt, as it came.' }) receipts!: TimelineReceiptView[];
}

export class TimelineCustodyView {
  @ApiProperty({ example: 'piece', description: "`piece`, or `own-1`... for a customer's own stones in a custom order." }) item!: string;
  @ApiProperty({ example: 'bench' }) location!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'Safe 1, drawer 3' }) detail!: string | null;
  @ApiProperty({ example: 'carl', description: 'Who held it.' }) holder!: string;
}

export class TimelineEntryView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['journal', 'message', 'workflow'], description: "Where the entry comes from: the job's journal, its messages, or its workflow's history in Temporal." }) source!: string;
  @ApiProperty({ example: 'stage_changed', description: 'A journal event type, `message` for a message to the customer, or what the workflow history shows (`timer_fired`, `activity_retried`...).' }) type!: string;
  @ApiProperty({ example: 'Stage changed', description: 'What kind of entry it is, in words.' }) label!: string;
  @ApiProperty({ example: 'At the bench of carl' }) summary!: string;
  @ApiPropertyOptional({ type: TimelineActorView }) actor?: TimelineActorView;
  @ApiPropertyOptional({ description: "The event's number in the job's journal." }) sequence?: number;
  @ApiPropertyOptional({ example: 42, description: "The raw event id in the workflow's history: the event itself, or for a journal entry the event that caused it (the update, timer or start)." }) historyEventId?: number;
  @ApiPropertyOptional({ description: 'The workflow run that event belongs to.' }) runId?: string;
  @ApiPropertyOptional({ type: Object, description: 'The facts of the event (from/to, amounts, reasons).' }) data?: Record<string, unknown>;
  @ApiPropertyOptional({ type: TimelineMessageView }) message?: TimelineMessageView;
  @ApiPropertyOptional({ type: TimelineCustodyView, isArray: true, description: "A journal entry: where each of the job's items was after it, and who held it." }) custody?: TimelineCustodyView[];
}

export class TimelineWorkflowView {
  @ApiProperty({ example: 'repair-6f1c…' }) workflowId!: string;
  @ApiProperty({ example: 'http://localhost:8233/namespaces/default/workflows/repair-6f1c…', description: "The workflow in Temporal's Web UI." }) temporalUiUrl!: string;
  @ApiProperty({
    enum: ['temporal', 'archive', 'unavailable'],
    description:
      "Where the workflow entries came from: Temporal (the job is open), the copy kept in Postgres when its workflow ended (it outlives Temporal's retention), or nowhere (Temporal unreachable, or the history was gone before it was copied; journal and messages only).",
  })
  historySource!: 'temporal' | 'archive' | 'unavailable';
}

export class TimelineView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ example: 'R-001234-1' }) jobNumber!: string;
  @ApiProperty({ type: TimelineWorkflowView }) workflow!: TimelineWorkflowView;
  @ApiProperty({ type: TimelineEntryView, isArray: true, description: 'Oldest first.' }) timeline!: TimelineEntryView[];
}

export interface TimelineSubject {
  id: string;
  number: string;
  workflowId: string;
  /** Set once the ended workflow's history is kept in Postgres: read there, not from Temporal. */
  historyArchivedAt?: Date | null;
}

/**
 * A job's history: its journal (who did what, through which channel, where the piece went), its
 * messages with every delivery attempt, and what its workflow's history adds (timers that fired,
 * retries, failures), oldest first, each journal entry naming the raw history event behind it.
 * Once the job has closed, the workflow's part is kept in Postgres, so the timeline outlives
 * Temporal's retention.
 */
@Injectable()
export class JobTimeline {
  private readonly logger = new Logger(JobTimeline.name);

  constructor(
    private readonly em: EntityManager,
    private readonly histories: WorkflowHistories,
    private readonly config: AppConfig,
  ) {}

  async of(job: TimelineSubject): Promise<TimelineView> {
    const em = this.em.fork();
    const [events, items, messages, history] = await Promise.all([
      em.find(JobEvent, { job: job.id }, { orderBy: { sequence: 'asc' } }),
      em.find(JobItem, { job: job.id }, { orderBy: { key: 'asc' } }),
      em.find(Message, { job: job.id }, { orderBy: { createdAt: 'asc' } }),
      this.workflowHistory(em, job),
    ]);
    const messageIds = messages.map((message) => message.id);
    const [attempts, receipts] =
      messageIds.length > 0
        ? await Promise.all([
            em.find(MessageAttempt, { messageId: { $in: messageIds } }, { orderBy: { attempt: 'asc' } }),
            em.find(MessageReceipt, { messageId: { $in: messageIds } }, { orderBy: { receivedAt: 'asc' } }),
          ])
        : [[], []];
    const causeOf = new Map(history.reading.triggers.map((trigger) => [trigger.taskAt, trigger]));
    const custodyAfter = custodyAlong(
      events,
      items.map((item) => ({ item: item.key, location: item.custodyLocation, detail: item.custodyDetail ?? null, holder: item.custodyHolderKind === 'store' ? 'the shop' : item.custodyHolderName })),
    );
    const entries: TimelineEntryView[] = [
      ...events.map((event, index) => {
        const cause = causeOf.get(event.at.toISOString());
        return {
          at: event.at.toISOString(),
          source: 'journal',
          type: event.type,
          label: timelineLabel(event.type),
          summary: event.summary,
          sequence: event.sequence,
          ...(cause ? { historyEventId: cause.eventId, runId: cause.runId } : {}),
          actor: { kind: event.actorKind, id: event.actorId ?? null, name: event.actorName, role: event.actorRole ?? null, channel: event.channel },
          data: event.data,
          custody: custodyAfter[index],
        };
      }),
      ...messages.map((message) => ({
        at: message.createdAt.toISOString(),
        source: 'message',
        type: 'message',
        label: timelineLabel('message'),
        summary: `${message.channel.toUpperCase()} to the customer (${message.kind}): ${message.status}`,
        message: {
          id: message.id,
          kind: message.kind,
          channel: message.channel,
          status: message.status,
          sentAt: message.sentAt?.toISOString() ?? null,
          errorCode: message.errorCode ?? null,
          fallbackOf: message.fallbackOf ?? null,
          attempts: attempts
            .filter((attempt) => attempt.messageId === message.id)
            .map((attempt) => ({ attempt: attempt.attempt, startedAt: attempt.startedAt.toISOString(), finishedAt: attempt.finishedAt?.toISOString() ?? null, outcome: attempt.outcome ?? null, errorCode: attempt.errorCode ?? null })),
          receipts: receipts.filter((receipt) => receipt.messageId === message.id).map((receipt) => ({ status: receipt.status, at: receipt.receivedAt.toISOString(), errorCode: receipt.errorCode ?? null })),
        },
      })),
      ...history.reading.facts.map((fact) => ({ at: fact.at, source: 'workflow', type: fact.type, label: timelineLabel(fact.type), summary: fact.summary, historyEventId: fact.eventId, runId: fact.runId, data: fact.data })),
    ];
    // Journal order is the truth for events of the same instant; what the workflow saw comes first
    // (a timer fires, then its consequences are recorded), messages follow the event that queued them.
    const rank = (entry: TimelineEntryView) => (entry.source === 'workflow' ? -1 : (entry.sequence ?? Number.MAX_SAFE_INTEGER));
    return {
      jobId: job.id,
      jobNumber: job.number,
      workflow: { workflowId: job.workflowId, temporalUiUrl: this.uiUrlOf(job.workflowId), historySource: history.source },
      timeline: entries.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b) || (a.historyEventId ?? 0) - (b.historyEventId ?? 0)),
    };
  }

  /** The workflow's part: the copy in Postgres once the workflow has ended and been archived, else Temporal's history. */
  private async workflowHistory(em: EntityManager, job: TimelineSubject): Promise<{ source: TimelineWorkflowView['historySource']; reading: HistoryReading }> {
    if (job.historyArchivedAt) return { source: 'archive', reading: await loadHistoryReading(em, job.id) };
    try {
      const reading = await this.histories.readingOf(job.workflowId);
      if (reading) return { source: 'temporal', reading };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`Timeline of job ${job.id}: Temporal unavailable, journal and messages only`);
    }
    return { source: 'unavailable', reading: { facts: [], triggers: [] } };
  }

  private uiUrlOf(workflowId: string): string {
    const base = this.config.temporal.uiUrl.replace(/\/+$/, '');
    return `${base}/namespaces/${encodeURIComponent(this.config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  }
}

