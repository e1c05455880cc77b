import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import type { CustomerNoticeReceipt, CustomerNoticeRequest } from '../../workflows/shared/job-activities.js';
import { Outbox } from '../messaging/outbox.service.js';
import { AppConfig } from '../platform/config/app-config.js';
import { NoticeComposers } from './customer-notices.js';
import { Job } from './job.entity.js';
import { trackingUrl } from './tracking-url.js';

/** Turns a job workflow's notice into the customer's message: composed by the job's module, sent by the outbox. */
@Injectable()
export class JobNotices {
  constructor(
    private readonly em: EntityManager,
    private readonly composers: NoticeComposers,
    private readonly outbox: Outbox,
    private readonly config: AppConfig,
  ) {}

  async send(request: CustomerNoticeRequest): Promise<CustomerNoticeReceipt> {
    const job = await this.em.fork().findOne(Job, { id: request.jobId }, { populate: ['store', 'customer'] });
    if (!job) throw ApplicationFailure.nonRetryable(`Job ${request.jobId} has no row to notify about`, 'JOB_NOT_FOUND');
    const text = this.composers.of(request.jobKind).compose(request.kind, { job, store: job.store, trackingUrl: trackingUrl(this.config, job.trackingToken), facts: request.facts });
    if (!text) return { messageIds: [] };
    return this.outbox.enqueue({ customerId: job.customer.id, jobId: job.id, kind: request.kind, dedupeKey: request.dedupeKey, sms: text.sms });
  }
}
