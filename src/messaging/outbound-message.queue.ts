import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type JobsOptions, Queue } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';

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

/** Producer side of the outbound message queue. Jobs carry a message id, never its content. */
@Injectable()
export class OutboundMessageQueue implements OnApplicationShutdown {
  private readonly queue: Queue<OutboundMessageJob>;

  constructor(config: AppConfig) {
    this.queue = new Queue<OutboundMessageJob>(QueueName.OutboundMessages, {
      connection: redisConnection(config),
      prefix: config.redis.queuePrefix,
    });
  }

  /** The job id is the message id: adding the same message twice queues it once. */
  async enqueue(messageId: string): Promise<void> {
    await this.queue.add('deliver', { messageId }, { ...JOB_OPTIONS, jobId: messageId });
  }

  /** True when a job in the queue will still deliver this message. */
  async holds(messageId: string): Promise<boolean> {
    return LIVE_STATES.has(await this.queue.getJobState(messageId));
  }

  /** Queues a message again, clearing a finished job of it that would otherwise swallow the add. */
  async requeue(messageId: string): Promise<void> {
    const stale = await this.queue.getJob(messageId);
    if (stale && !(await this.holds(messageId))) await stale.remove();
    await this.enqueue(messageId);
  }

  /** Holds every delivery for `ms` (the provider asked us to slow down). */
  async pause(ms: number): Promise<void> {
    await this.queue.rateLimit(ms);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
