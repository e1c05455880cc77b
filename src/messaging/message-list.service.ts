import type { MessageChannel } from './templates/notice-catalog.js';
import { EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import type { StaffMember } from '../platform/auth/staff-auth.guard.js';
import { type MESSAGE_STATUSES, Message } from './message.entity.js';

export interface MessageFilters {
  customerId?: string;
  jobId?: string;
  status?: (typeof MESSAGE_STATUSES)[number];
  kind?: string;
  channel?: MessageChannel;
}

/** Messages to customers, newest first, filtered; staff see those about their stores' jobs and those about no job. */
@Injectable()
export class MessageList {
  constructor(private readonly em: EntityManager) {}

  list(viewer: StaffMember, filters: MessageFilters, limit: number): Promise<Message[]> {
    const where: FilterQuery<Message> = {
      ...(filters.customerId ? { customer: filters.customerId } : {}),
      ...(filters.jobId ? { job: filters.jobId } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.channel ? { channel: filters.channel } : {}),
    };
    const scoped: FilterQuery<Message> = viewer.stores === 'all' ? where : { ...where, $or: [{ job: null }, { job: { store: { $in: viewer.stores } } }] };
    return this.em.fork().find(Message, scoped, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
  }
}
