import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DEFAULT_STORE_POLICY } from '../../workflows/shared/store-policy.js';
import type { CustomerNoticeReceipt, CustomerNoticeRequest } from '../../workflows/shared/job-activities.js';
import { type OutboxMessage, Outbox } from '../messaging/outbox.service.js';
import { MessageTemplates } from '../messaging/templates/message-templates.service.js';
import { MESSAGE_CHANNELS, NoticeCatalog } from '../messaging/templates/notice-catalog.js';
import { AppConfig } from '../platform/config/app-config.js';
import type { Store } from '../stores/store.entity.js';
import { NoticeComposers, formatDay } from './customer-notices.js';
import { Job } from './job.entity.js';
import { trackingUrl } from './tracking-url.js';

/**
 * Turns a job workflow's notice into the customer's message: its values from the job's module, its
 * text from the store's templates (or the shipped ones) in the customer's language, its channels
 * from the store's settings; the outbox picks the channel and delivers.
 */
@Injectable()
export class JobNotices {
  constructor(
    private readonly em: EntityManager,
    private readonly composers: NoticeComposers,
    private readonly catalog: NoticeCatalog,
    private readonly templates: MessageTemplates,
    private readonly outbox: Outbox,
    private readonly config: AppConfig,
  ) {}

  async send(request: CustomerNoticeRequest): Promise<CustomerNoticeReceipt> {
    const job = await this.em.fork().findOne(Job, { id: request.jobId }, { populate: ['store', 'customer'] });
    if (!job) throw ApplicationFailure.nonRetryable(`Job ${request.jobId} has no row to notify about`, 'JOB_NOT_FOUND');
    const composer = this.composers.of(request.jobKind);
    const kind = this.catalog.find(request.kind);
    // A step the job's module says nothing to the customer about.
    if (!kind) return { messageIds: [] };
    const { store, customer } = job;
    const link = trackingUrl(this.config, job.trackingToken);
    const promisedBy = request.facts.promisedBy ?? job.promisedBy;
    const values = {
      firstName: customer.firstName,
      jobNumber: job.number,
      stage: job.stageLabel,
      promisedDate: promisedBy ? formatDay(String(promisedBy)) : '',
      storeName: store.name,
      storePhone: store.phone ?? '',
      trackingLink: link,
      ...composer.values(request.kind, { job, store, trackingUrl: link, facts: request.facts }),
    };
    const text = await this.templates.render(store, kind, customer.language, values);
    return this.outbox.enqueue({
      customerId: customer.id,
      jobId: job.id,
      kind: request.kind,
      dedupeKey: request.dedupeKey,
      channels: store.notifications[request.kind] ?? MESSAGE_CHANNELS,
      sms: text.sms,
      email: text.email,
      ...sendingPolicyOf(store),
    });
  }
}

/** How a store's messages go out: its name as the sender, its quiet hours in its time zone. */
export function sendingPolicyOf(store: Store): Pick<OutboxMessage, 'senderName' | 'quietHours' | 'timeZone'> {
  return { senderName: store.name, quietHours: store.policy.quietHours ?? DEFAULT_STORE_POLICY.quietHours, timeZone: store.timeZone };
}
