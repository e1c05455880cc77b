import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { AppConfig } from '../platform/config/app-config.js';
import { type OutboundMessageJob, QueueName, redisConnection } from '../platform/queue/queues.js';

/** Delivery attempts per message before it is marked failed; backoff 5 s, 10 s, 20 s, ... */
export const DELIVERY_ATTEMPTS = 6;

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
    await this.queue.add(
      'deliver',
      { messageId },
      {
        jobId: messageId,
        attempts: DELIVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.queue.close();
  }
}
