import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ATTEMPT_OUTCOMES, type AttemptOutcome, MessageAttempt } from '../messaging/message-attempt.entity.js';
import { Message } from '../messaging/message.entity.js';
import { JobEvent } from './job-event.entity.js';

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
  @ApiProperty({ example: 'stage_changed', description: 'A journal event type, or `message` for a message to the customer.' }) type!: string;
  @ApiProperty({ example: 'At the bench of carl' }) summary!: string;
  @ApiPropertyOptional({ type: TimelineActorView }) actor?: TimelineActorView;
  @ApiPropertyOptional({ description: "The event's number in the job's journal." }) sequence?: number;
  @ApiPropertyOptional({ type: Object, description: 'The facts of the event (from/to, amounts, reasons).' }) data?: Record<string, unknown>;
  @ApiPropertyOptional({ type: TimelineMessageView }) message?: TimelineMessageView;
}

export class TimelineView {
  @ApiProperty({ format: 'uuid' }) jobId!: string;
  @ApiProperty({ type: TimelineEntryView, isArray: true, description: 'Oldest first.' }) timeline!: TimelineEntryView[];
}

/**
 * A job's history from its journal and its messages (with their delivery status now), oldest
 * first. It reads Postgres only, so it outlives Temporal's retention of the workflow's history.
 */
@Injectable()
export class JobTimeline {
  constructor(private readonly em: EntityManager) {}

  async of(jobId: string): Promise<TimelineView> {
    const [events, messages] = await Promise.all([
      this.em.find(JobEvent, { job: jobId }, { orderBy: { sequence: 'asc' } }),
      this.em.find(Message, { job: jobId }, { orderBy: { createdAt: 'asc' } }),
    ]);
    const attempts = messages.length > 0 ? await this.em.find(MessageAttempt, { messageId: { $in: messages.map((message) => message.id) } }, { orderBy: { attempt: 'asc' } }) : [];
    const attemptsOf = (messageId: string): TimelineAttemptView[] =>
      attempts
        .filter((attempt) => attempt.messageId === messageId)
        .map((attempt) => ({ attempt: attempt.attempt, startedAt: attempt.startedAt.toISOString(), finishedAt: attempt.finishedAt?.toISOString() ?? null, outcome: attempt.outcome ?? null, errorCode: attempt.errorCode ?? null }));
    const entries: TimelineEntryView[] = [
      ...events.map((event) => ({
        at: event.at.toISOString(),
        type: event.type,
        summary: event.summary,
        sequence: event.sequence,
        actor: { kind: event.actorKind, id: event.actorId ?? null, name: event.actorName, role: event.actorRole ?? null, channel: event.channel },
        data: event.data,
      })),
      ...messages.map((message) => ({
        at: message.createdAt.toISOString(),
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
    ];
    // Journal order is the truth for events of the same instant; messages follow the event that queued them.
    return { jobId, timeline: entries.sort((a, b) => a.at.localeCompare(b.at) || (a.sequence ?? Number.MAX_SAFE_INTEGER) - (b.sequence ?? Number.MAX_SAFE_INTEGER)) };
  }
}
