import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../platform/config/app-config.js';
import { Message, PENDING_MESSAGE_STATUSES } from './message.entity.js';
import { MessageView, type StuckMessagesView } from './message.view.js';

const LISTED_AT_MOST = 500;

/**
 * Messages staff should look at: still owed longer than the policy allows (the queue, Twilio or
 * the sweeper could not get them out), or whose outcome could never be settled.
 */
@Injectable()
export class StuckMessages {
  constructor(
    private readonly em: EntityManager,
    private readonly config: AppConfig,
  ) {}

  async list(): Promise<StuckMessagesView> {
    const { stuckAfterMs } = this.config.messaging;
    const dueBefore = new Date(Date.now() - stuckAfterMs);
    const messages = await this.em.find(
      Message,
      {
        // A text held for the morning is owed from the morning, not from the night it was written.
        $or: [
          { status: { $in: [...PENDING_MESSAGE_STATUSES] }, notBefore: null, createdAt: { $lt: dueBefore } },
          { status: { $in: [...PENDING_MESSAGE_STATUSES] }, notBefore: { $lt: dueBefore } },
          { status: 'uncertain' },
        ],
      },
      { orderBy: { createdAt: 'asc' }, limit: LISTED_AT_MOST },
    );
    return { stuckAfter: describeMs(stuckAfterMs), messages: messages.map((message) => MessageView.of(message)) };
  }
}

function describeMs(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) if (ms % size === 0) return `${ms / size}${unit}`;
  return `${Math.round(ms / 1000)}s`;
}
