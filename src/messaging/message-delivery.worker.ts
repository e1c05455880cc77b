import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job, Worker, type WorkerOptions } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';
import { ATTEMPT_LEASE_MS, MessageDelivery } from './message-delivery.service.js';
import { OutboundMessageQueue, retryDelayMs } from './outbound-message.queue.js';
import type { MessageChannel } from './templates/notice-catalog.js';

class RetryLaterError extends Error {}

/**
 * Texts sent at once when they are not paced. Each waits mostly on the provider and on statements
 * it shares with the others (DeliveryLedger), so many in flight cost few database connections.
 */
export const UNPACED_CONCURRENCY = 64;
/** Emails sent at once: the SMTP pool keeps a few connections, and the rest would only wait for them. */
export const EMAIL_CONCURRENCY = 16;

/** Consumes the outbound queues: texts at the pace the sender number allows, emails as fast as the relay takes them. */
@Injectable()
export class MessageDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageDeliveryWorker.name);
  private workers: Worker<OutboundMessageJob>[] = [];

  constructor(
    private readonly delivery: MessageDelivery,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { smsSegmentsPerSecond } = this.config.messaging;
    this.workers = [
      // Paced, texts go one at a time, each holding the queue for its segments (MessageDelivery.pace);
      // unpaced (a Messaging Service that queues at Twilio), many at once.
      this.consume(QueueName.OutboundSms, 'sms', { concurrency: smsSegmentsPerSecond > 0 ? 1 : UNPACED_CONCURRENCY }),
      this.consume(QueueName.OutboundEmail, 'email', { concurrency: EMAIL_CONCURRENCY }),
    ];
  }

  private consume(name: QueueName, channel: MessageChannel, options: Pick<WorkerOptions, 'concurrency'>): Worker<OutboundMessageJob> {
    const worker = new Worker<OutboundMessageJob>(name, (job, token) => this.process(channel, job, token), {
      connection: redisConnection(this.config),
      prefix: this.config.redis.queuePrefix,
      ...options,
      // BullMQ honours a queue-wide hold (a 429, a long text's segments) only in a worker that has
      // a limiter; this one is far above any real pace, so the holds are all the limiting there is.
      limiter: { max: 10_000, duration: 1_000 },
      settings: { backoffStrategy: (attemptsMade) => retryDelayMs(attemptsMade, this.config.messaging.retryBaseDelayMs) },
      // A worker that dies mid-send frees its message for another within ~20 s (defaults: ~60 s).
      // The lock is renewed while a send runs, so a slow provider call keeps it. As long as an
      // attempt's lease: the job run again after its worker died finds the attempt past it.
      lockDuration: ATTEMPT_LEASE_MS,
      stalledInterval: 5_000,
    });
    worker.on('error', (error) => this.logger.error(`Queue connection (${channel}): ${error.message}`));
    return worker;
  }

  private async process(channel: MessageChannel, job: Job<OutboundMessageJob>, token?: string): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const { outcome, until } = await this.delivery.deliver(job.data.messageId, { lastAttempt });
    switch (outcome) {
      // Throwing is how BullMQ learns to retry with backoff; every other outcome is final.
      case 'retry':
        throw new RetryLaterError(`message ${job.data.messageId}: not sent yet`);
      case 'wait':
        // Not an attempt: the job steps aside until the morning, or until the earlier message is out.
        await job.moveToDelayed(until?.getTime() ?? Date.now() + 2_000, token);
        throw new DelayedError();
      case 'rate_limited':
        // The whole queue holds for one retry delay: every send would meet the same answer.
        await this.queue.pause(channel, this.config.messaging.retryBaseDelayMs);
        throw Worker.RateLimitError();
      default:
        return outcome;
    }
  }

  /** Lets the messages being sent finish, then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
