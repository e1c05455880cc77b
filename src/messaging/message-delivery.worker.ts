import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, type Job, Worker } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';
import { MessageDelivery } from './message-delivery.service.js';
import { OutboundMessageQueue, retryDelayMs } from './outbound-message.queue.js';

class RetryLaterError extends Error {}

/** How long a message waits for an earlier one to the same recipient before looking again. */
const ORDER_WAIT_MS = 2_000;

/** Consumes the outbound message queue at the pace the SMS sender allows. */
@Injectable()
export class MessageDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageDeliveryWorker.name);
  private worker?: Worker<OutboundMessageJob>;

  constructor(
    private readonly delivery: MessageDelivery,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const { smsPerSecond, retryBaseDelayMs } = this.config.messaging;
    this.worker = new Worker<OutboundMessageJob>(QueueName.OutboundMessages, (job, token) => this.process(job, token), {
      connection: redisConnection(this.config),
      prefix: this.config.redis.queuePrefix,
      concurrency: 4,
      limiter: { max: smsPerSecond, duration: 1_000 },
      settings: { backoffStrategy: (attemptsMade) => retryDelayMs(attemptsMade, retryBaseDelayMs) },
      // A worker that dies mid-send frees its message for another within ~20 s (defaults: ~60 s).
      // The lock is renewed while a send runs, so a slow Twilio call keeps it.
      lockDuration: 15_000,
      stalledInterval: 5_000,
    });
    this.worker.on('error', (error) => this.logger.error(`Queue connection: ${error.message}`));
  }

  private async process(job: Job<OutboundMessageJob>, token?: string): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.messageId, { lastAttempt });
    switch (outcome) {
      // Throwing is how BullMQ learns to retry with backoff; every other outcome is final.
      case 'retry':
        throw new RetryLaterError(`message ${job.data.messageId}: not sent yet`);
      case 'wait':
        // Not an attempt: the job steps aside until the earlier message is out.
        await job.moveToDelayed(Date.now() + ORDER_WAIT_MS, token);
        throw new DelayedError();
      case 'rate_limited':
        // The whole queue holds for one retry delay: every send would meet the same answer.
        await this.queue.pause(this.config.messaging.retryBaseDelayMs);
        throw Worker.RateLimitError();
      default:
        return outcome;
    }
  }

  /** Lets the message being sent finish, then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
