import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';
import type { MessageChannel } from './templates/notice-catalog.js';

/**
 * Delivery attempts per message before it is marked failed. With the backoff below (5 s doubling,
 * capped at 5 minutes) the last one comes about 75 minutes after the first: a provider outage of
 * that length loses nothing.
 */
export const DELIVERY_ATTEMPTS = 20;
export const MAX_RETRY_DELAY_MS = 5 * 60_000;

/** The wait before retry `attemptsMade` (1, 2, ...): doubling from `baseMs`, capped, with ±10% jitter. */
export function retryDelayMs(attemptsMade: number, baseMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(0, attemptsMade - 1), MAX_RETRY_DELAY_MS);
  return Math.round(exponential * (0.9 + 0.2 * random()));
}

const JOB_OPTIONS: JobsOptions = {
  attempts: DELIVERY_ATTEMPTS,
  backoff: { type: 'custom' },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 7 * 24 * 3600 },
};

/** Job states in which the queue will still deliver the message on its own. */
const LIVE_STATES = new Set(['waiting', 'delayed', 'active', 'prioritized', 'waiting-children']);

/** What the queue needs of a message row: which queue it goes in, and when it may go. */
export interface QueuedMessage {
  id: string;
  channel: MessageChannel;
  notBefore?: Date | null;
}

/**
 * Producer side of the outbound message queues, one per channel (texts are paced per sender
 * number, emails are not). Jobs carry a message id, never its content.
 */
@Injectable()
export class OutboundMessageQueue implements OnApplicationShutdown {
  private readonly queues: Record<MessageChannel, Queue<OutboundMessageJob>>;

  constructor(config: AppConfig) {
    const options = { connection: redisConnection(config), prefix: config.redis.queuePrefix };
    this.queues = { sms: new Queue<OutboundMessageJob>(QueueName.OutboundSms, options), email: new Queue<OutboundMessageJob>(QueueName.OutboundEmail, options) };
  }

  /** The job id is the message id: adding the same message twice queues it once. A message not due yet waits as a delayed job. */
  async enqueue(message: QueuedMessage): Promise<void> {
    const delay = Math.max(0, (message.notBefore?.getTime() ?? 0) - Date.now());
    await this.queues[message.channel].add('deliver', { messageId: message.id }, { ...JOB_OPTIONS, jobId: message.id, delay });
  }

  /** True when a job in the queue will still deliver this message. */
  async holds(message: QueuedMessage): Promise<boolean> {
    return LIVE_STATES.has(await this.queues[message.channel].getJobState(message.id));
  }

  /** Queues a message again, clearing a finished job of it that would otherwise swallow the add. */
  async requeue(message: QueuedMessage): Promise<void> {
    const stale = await this.queues[message.channel].getJob(message.id);
    if (stale && !(await this.holds(message))) await stale.remove();
    await this.enqueue(message);
  }

  /** The queues themselves, for the operators' board to show. */
  all(): Queue<OutboundMessageJob>[] {
    return Object.values(this.queues);
  }

  /** Holds every delivery on a channel for `ms` (the provider asked us to slow down, or a long text spent the pace). */
  async pause(channel: MessageChannel, ms: number): Promise<void> {
    await this.queues[channel].rateLimit(ms);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((queue) => queue.close()));
  }
}
