import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import type { StrandedMessageSweep } from '../../workflows/message-sweep.contract.js';
import { AppConfig } from '../platform/config/app-config.js';
import { Message, PENDING_MESSAGE_STATUSES } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';

/** Messages looked at per sweep; a larger backlog is taken over the next sweeps. */
const SWEEP_BATCH = 1_000;

/**
 * Puts back in the queue every message still owed whose job the queue no longer holds: Redis was
 * flushed, or restarted without its data, while texts waited for a retry or their turn. Delivery is
 * exactly-once by the message row, so a message re-queued twice is still sent once.
 */
@Injectable()
export class StrandedMessageSweeper {
  private readonly logger = new Logger(StrandedMessageSweeper.name);

  constructor(
    private readonly em: EntityManager,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
  ) {}

  async requeueStranded(): Promise<StrandedMessageSweep> {
    // Younger messages may be between their row being written and their job being added.
    const writtenBefore = new Date(Date.now() - this.config.messaging.sweepGraceMs);
    const owed = await this.em.fork().find(
      Message,
      { status: { $in: [...PENDING_MESSAGE_STATUSES] }, updatedAt: { $lt: writtenBefore } },
      { fields: ['id', 'channel', 'notBefore'], orderBy: { createdAt: 'asc' }, limit: SWEEP_BATCH },
    );
    let requeued = 0;
    for (const message of owed) {
      if (await this.queue.holds(message)) continue;
      // A text waiting out quiet hours goes back as a delayed job, due when it was.
      await this.queue.requeue(message);
      requeued += 1;
    }
    if (requeued > 0) this.logger.warn(`Re-queued ${requeued} message(s) the queue had lost`);
    return { checked: owed.length, requeued };
  }
}
