import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { MessageDelivery } from './message-delivery.service.js';
import { MessageDeliveryWorker } from './message-delivery.worker.js';
import { MessagingModule } from './messaging.module.js';
import { EmailSender } from './email-sender.js';
import { SmsSender } from './sms-sender.js';
import { SmtpEmailSender } from './smtp-email.sender.js';
import { TwilioSmsSender } from './twilio-sms.sender.js';

/** Sending queued messages: runs in the worker process only. */
@Module({
  imports: [MessagingModule, CustomersModule],
  providers: [DeliveryLedger, MessageDelivery, MessageDeliveryWorker, { provide: SmsSender, useClass: TwilioSmsSender }, { provide: EmailSender, useClass: SmtpEmailSender }],
})
export class MessageDeliveryModule {}
