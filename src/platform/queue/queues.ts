import type { ConnectionOptions } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';

/** Every BullMQ queue Atelier uses, named once. */
export enum QueueName {
  /** Texts, paced per sender number. */
  OutboundSms = 'outbound-sms',
  OutboundEmail = 'outbound-email',
}

/** Data of an outbound message job: the id of its `messages` row, nothing else. */
export interface OutboundMessageJob {
  messageId: string;
}

export function redisConnection(config: AppConfig): ConnectionOptions {
  // BullMQ workers need maxRetriesPerRequest null so blocking commands survive reconnects.
  return { url: config.redis.url, maxRetriesPerRequest: null };
}
