import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Job, Worker } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';
import { MessageDelivery } from './message-delivery.service.js';

class RetryLaterError extends Error {}

/** Consumes the outbound message queue at the pace the SMS sender allows. */
@Injectable()
export class MessageDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MessageDeliveryWorker.name);
  private worker?: Worker<OutboundMessageJob>;

  constructor(
    private readonly delivery: MessageDelivery,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<OutboundMessageJob>(QueueName.OutboundMessages, (job) => this.process(job), {
      connection: redisConnection(this.config),
      prefix: this.config.redis.queuePrefix,
      concurrency: 4,
      limiter: { max: this.config.messaging.smsPerSecond, duration: 1_000 },
    });
    this.worker.on('error', (error) => this.logger.error(`Queue connection: ${error.message}`));
  }

  private async process(job: Job<OutboundMessageJob>): Promise<string> {
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const outcome = await this.delivery.deliver(job.data.messageId, { lastAttempt });
    // Throwing is how BullMQ learns to retry with backoff; every other outcome is final.
    if (outcome === 'retry') throw new RetryLaterError(`message ${job.data.messageId}: provider refused for now`);
    return outcome;
  }

  /** Lets the message being sent finish, then disconnects. */
  async onApplicationShutdown(): Promise<void> {
    await this.worker?.close();
  }
}
