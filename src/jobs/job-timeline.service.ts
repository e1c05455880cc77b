import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, MessageAttempt } from '../messaging/message-attempt.entity.js';
import { Message } from '../messaging/message.entity.js';
import { AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { JobEvent } from './job-event.entity.js';
import { JobHistoryFact } from './job-history-fact.entity.js';
import { type HistoryFact, type HistoryReading, type TaskTrigger, readHistory } from './workflow-history.js';

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

export class TimelineMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'repair.ready' }) kind!: string;
  @ApiProperty({ example: 'sms' }) channel!: string;
  @ApiProperty({ example: 'sent', description: 'Delivery status now.' }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time' }) sentAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) errorCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The message on the other channel this one was sent in place of.' }) fallbackOf!: string | null;
  @ApiProperty({ type: TimelineAttemptView, isArray: true, description: 'Every delivery attempt and how it ended, oldest first.' }) attempts!: TimelineAttemptView[];
}

export class TimelineEntryView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ enum: ['journal', 'message', 'workflow'], description: "Where the entry comes from: the job's journal, its messages, or its workflow's history in Temporal." }) source!: string;
  @ApiProperty({ example: 'stage_changed', description: 'A journal event type, `message` for a message to the customer, or what the workflow history shows (`timer_fired`, `activity_retried`...).' }) type!: string;
  @ApiProperty({ example: 'At the bench of carl' }) summary!: string;
  @ApiPropertyOptional({ type: TimelineActorView }) actor?: TimelineActorView;
  @ApiPropertyOptional({ description: "The event's number in the job's journal." }) sequence?: number;
  @ApiPropertyOptional({ example: 42, description: "The raw event id in the workflow's history: the event itself, or for a journal entry the event that caused it (the update, timer or start)." }) historyEventId?: number;
  @ApiPropertyOptional({ description: 'The workflow run that event belongs to.' }) runId?: string;
  @ApiPropertyOptional({ type: Object, description: 'The facts of the event (from/to, amounts, reasons).' }) data?: Record<string, unknown>;
  @ApiPropertyOptional({ type: TimelineMessageView }) message?: TimelineMessageView;
}

export class TimelineWorkflowView {
  @ApiProperty({ example: 'repair-6f1c…' }) workflowId!: string;
  @ApiProperty({ example: 'http://localhost:8233/namespaces/default/workflows/repair-6f1c…', description: "The workflow in Temporal's Web UI." }) temporalUiUrl!: string;
  @ApiProperty({
    enum: ['temporal', 'archive', 'unavailable'],
    description: "Where the workflow entries came from: Temporal now, the copy kept when the job closed (Temporal's retention has passed), or nowhere (Temporal unreachable; journal and messages only).",
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
  closed: boolean;
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
    private readonly temporal: TemporalGateway,
    private readonly config: AppConfig,
  ) {}

  async of(job: TimelineSubject): Promise<TimelineView> {
    const em = this.em.fork();
    const [events, messages, history] = await Promise.all([
      em.find(JobEvent, { job: job.id }, { orderBy: { sequence: 'asc' } }),
      em.find(Message, { job: job.id }, { orderBy: { createdAt: 'asc' } }),
      this.workflowHistory(em, job),
    ]);
    const attempts = messages.length > 0 ? await em.find(MessageAttempt, { messageId: { $in: messages.map((message) => message.id) } }, { orderBy: { attempt: 'asc' } }) : [];
    const attemptsOf = (messageId: string): TimelineAttemptView[] =>
      attempts
        .filter((attempt) => attempt.messageId === messageId)
        .map((attempt) => ({ attempt: attempt.attempt, startedAt: attempt.startedAt.toISOString(), finishedAt: attempt.finishedAt?.toISOString() ?? null, outcome: attempt.outcome ?? null, errorCode: attempt.errorCode ?? null }));
    const causeOf = new Map(history.reading.triggers.map((trigger) => [trigger.taskAt, trigger]));
    const entries: TimelineEntryView[] = [
      ...events.map((event) => {
        const cause = causeOf.get(event.at.toISOString());
        return {
          at: event.at.toISOString(),
          source: 'journal',
          type: event.type,
          summary: event.summary,
          sequence: event.sequence,
          ...(cause ? { historyEventId: cause.eventId, runId: cause.runId } : {}),
          actor: { kind: event.actorKind, id: event.actorId ?? null, name: event.actorName, role: event.actorRole ?? null, channel: event.channel },
          data: event.data,
        };
      }),
      ...messages.map((message) => ({
        at: message.createdAt.toISOString(),
        source: 'message',
        type: 'message',
        summary: `${message.channel.toUpperCase()} to the customer (${message.kind}): ${message.status}`,
        message: {
          id: message.id,
          kind: message.kind,
          channel: message.channel,
          status: message.status,
          sentAt: message.sentAt?.toISOString() ?? null,
          errorCode: message.errorCode ?? null,
          fallbackOf: message.fallbackOf ?? null,
          attempts: attemptsOf(message.id),
        },
      })),
      ...history.reading.facts.map((fact) => ({ at: fact.at, source: 'workflow', type: fact.type, summary: fact.summary, historyEventId: fact.eventId, runId: fact.runId, data: fact.data })),
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

  /** The workflow's part: from Temporal while it has the history (kept in Postgres once the job has closed), else from that copy. */
  private async workflowHistory(em: EntityManager, job: TimelineSubject): Promise<{ source: TimelineWorkflowView['historySource']; reading: HistoryReading }> {
    let runs: Awaited<ReturnType<TemporalGateway['history']>>;
    try {
      runs = await this.temporal.history(job.workflowId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.logger.warn(`Timeline of job ${job.id}: Temporal unavailable, workflow history read from the archive`);
      const archived = await this.archived(em, job.id);
      return { source: archived.facts.length + archived.triggers.length > 0 ? 'archive' : 'unavailable', reading: archived };
    }
    if (!runs) return { source: 'archive', reading: await this.archived(em, job.id) };
    const readings = runs.map((run) => readHistory(run.runId, run.events));
    const reading = { facts: readings.flatMap((one) => one.facts), triggers: readings.flatMap((one) => one.triggers) };
    if (job.closed) await this.archive(em, job.id, reading);
    return { source: 'temporal', reading };
  }

  /** Keeps what the timeline needs of a closed job's history; a later read adds what happened since (timers after pickup), never a row twice. */
  private async archive(em: EntityManager, jobId: string, { facts, triggers }: HistoryReading): Promise<void> {
    const rows: { jobId: string; runId: string; eventId: number; type: string; at: string; summary: string; data: Record<string, unknown> }[] = [
      ...facts.map((fact) => ({ jobId, runId: fact.runId, eventId: fact.eventId, type: fact.type, at: fact.at, summary: fact.summary, data: fact.data })),
      ...triggers.map((trigger) => ({ jobId, runId: trigger.runId, eventId: trigger.eventId, type: TASK_TRIGGER, at: trigger.taskAt, summary: 'Caused a workflow task', data: {} })),
    ];
    if (rows.length === 0) return;
    // A trigger and a fact can be the same event (a timer that fired): the fact row carries the task time too.
    const unique = new Map<string, (typeof rows)[number]>();
    for (const row of rows) {
      const key = `${row.runId}/${row.eventId}`;
      const known = unique.get(key);
      unique.set(key, known ? { ...known, data: { ...known.data, taskAt: row.type === TASK_TRIGGER ? row.at : known.data.taskAt } } : row.type === TASK_TRIGGER ? row : { ...row, data: { ...row.data } });
    }
    await em.getConnection().execute(
      `insert into job_history_facts (job_id, run_id, event_id, type, at, summary, data)
       select r.job_id, r.run_id, r.event_id, r.type, r.at, r.summary, r.data
         from jsonb_to_recordset(?::jsonb) as r(job_id uuid, run_id text, event_id int, type text, at timestamptz, summary text, data jsonb)
       on conflict do nothing`,
      [JSON.stringify([...unique.values()].map((row) => ({ job_id: row.jobId, run_id: row.runId, event_id: row.eventId, type: row.type, at: row.at, summary: row.summary, data: row.data })))],
    );
  }

  private async archived(em: EntityManager, jobId: string): Promise<HistoryReading> {
    const rows = await em.find(JobHistoryFact, { jobId }, { orderBy: { runId: 'asc', eventId: 'asc' } });
    const facts: HistoryFact[] = [];
    const triggers: TaskTrigger[] = [];
    for (const row of rows) {
      const taskAt = row.type === TASK_TRIGGER ? row.at.toISOString() : (row.data.taskAt as string | undefined);
      if (taskAt) triggers.push({ runId: row.runId, eventId: row.eventId, taskAt });
      if (row.type === TASK_TRIGGER) continue;
      const { taskAt: _, ...data } = row.data;
      facts.push({ runId: row.runId, eventId: row.eventId, at: row.at.toISOString(), type: row.type as HistoryFact['type'], summary: row.summary, data });
    }
    return { facts, triggers };
  }

  private uiUrlOf(workflowId: string): string {
    const base = this.config.temporal.uiUrl.replace(/\/+$/, '');
    return `${base}/namespaces/${encodeURIComponent(this.config.temporal.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
  }
}

const TASK_TRIGGER = 'task_trigger';
