import { EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { CustomerNotice, NotifyCustomerOfStageInput } from '../../activities/repair-activities.js';
import { AppConfig } from '../platform/config/app-config.js';
import { RepairJob } from '../repairs/repair-job.entity.js';
import { trackingUrl } from '../repairs/tracking-url.js';
import { Message } from './message.entity.js';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { repairStageMessage } from './repair-message-templates.js';

/** Writes the customer's stage message and queues it for delivery, exactly once per stage change. */
@Injectable()
export class RepairNotifications {
  constructor(
    private readonly em: EntityManager,
    private readonly queue: OutboundMessageQueue,
    private readonly config: AppConfig,
  ) {}

  async notifyCustomerOfStage({ repairId, stage, sequence }: NotifyCustomerOfStageInput): Promise<CustomerNotice> {
    const dedupeKey = `repair:${repairId}:stage-change:${sequence}`;
    const message = (await this.findMessage(dedupeKey)) ?? (await this.writeMessage(dedupeKey, repairId, stage));
    // Also on a retry: the row may have been written by an attempt that died before queueing.
    if (message.status === 'queued') await this.queue.enqueue(message.id);
    return { messageId: message.id, status: message.status };
  }

  private findMessage(dedupeKey: string): Promise<Message | null> {
    return this.em.fork().findOne(Message, { dedupeKey });
  }

  private async writeMessage(dedupeKey: string, repairId: string, stage: NotifyCustomerOfStageInput['stage']): Promise<Message> {
    const em = this.em.fork();
    const repair = await em.findOneOrFail(RepairJob, { id: repairId }, { populate: ['customer'] });
    const customer = repair.customer;
    const now = new Date();
    const message = em.create(Message, {
      id: randomUUID(),
      customer,
      repairJob: repair,
      channel: 'sms',
      kind: `repair.stage.${stage}`,
      toAddress: customer.phone,
      body: repairStageMessage(stage, {
        shopName: this.config.shop.name,
        envelopeNumber: repair.envelopeNumber,
        promisedBy: repair.promisedBy,
        trackingUrl: trackingUrl(this.config, repair.trackingToken),
      }),
      dedupeKey,
      status: customer.smsConsent ? 'queued' : 'skipped',
      errorCode: customer.smsConsent ? null : 'NO_SMS_CONSENT',
      attempts: 0,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await em.flush();
      return message;
    } catch (error) {
      // Two attempts raced; the other one's row is the message.
      if (error instanceof UniqueConstraintViolationException) return em.fork().findOneOrFail(Message, { dedupeKey });
      throw error;
    }
  }
}
