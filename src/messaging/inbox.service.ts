import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { StaffDirectory } from '../staff/staff-directory.service.js';
import { INBOX_STATUSES, InboundMessage } from './inbound-message.entity.js';
import { messagingError } from './messaging-errors.js';

export interface InboxChange {
  status?: (typeof INBOX_STATUSES)[number];
  /** The staff member who takes it on; null gives it back. */
  ownerId?: string | null;
}

/**
 * Replies for staff: threaded on the customer and (when it is clear) the job, with an owner and a
 * read/done state. Staff see the replies about their stores' jobs and those about no job yet.
 */
@Injectable()
export class Inbox {
  constructor(
    private readonly em: EntityManager,
    private readonly directory: StaffDirectory,
  ) {}

  list(viewer: StaffMember, status: (typeof INBOX_STATUSES)[number] | undefined, limit: number): Promise<InboundMessage[]> {
    const where: FilterQuery<InboundMessage> = { handling: 'inbox', ...(status ? { status } : {}) };
    const scoped: FilterQuery<InboundMessage> = viewer.stores === 'all' ? where : { ...where, $or: [{ job: null }, { job: { store: { $in: viewer.stores } } }] };
    return this.em.fork().find(InboundMessage, scoped, { orderBy: { receivedAt: 'desc', id: 'desc' }, limit, populate: ['customer', 'job'] });
  }

  async change(viewer: StaffMember, id: string, change: InboxChange): Promise<InboundMessage> {
    const em = this.em.fork();
    const message = await em.findOne(InboundMessage, { id, handling: 'inbox' }, { populate: ['customer', 'job'] });
    if (!message || (viewer.stores !== 'all' && message.job && !viewer.stores.includes(message.job.store.id))) {
      throw messagingError('INBOX_MESSAGE_NOT_FOUND', `No message with id ${id} in the inbox.`);
    }
    if (change.ownerId !== undefined) {
      const owner = change.ownerId === null ? null : await this.directory.require(change.ownerId, 'ownerId', message.job?.store.id);
      message.ownerId = owner?.id ?? null;
      message.ownerName = owner?.name ?? null;
    }
    if (change.status) message.status = change.status;
    message.updatedAt = new Date();
    await em.flush();
    return message;
  }
}
