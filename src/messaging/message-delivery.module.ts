import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { DeliveryLedger } from './delivery-ledger.js';
import { MessageDelivery } from './message-delivery.service.js';
import { MessageDeliveryWorker } from './message-delivery.worker.js';
import { MessagingModule } from './messaging.module.js';
import { EmailModule } from './email.module.js';
import { SmsSender } from './sms-sender.js';
import { TwilioSmsSender } from './twilio-sms.sender.js';

/** Sending queued messages: runs in the worker process only. */
@Module({
  imports: [MessagingModule, CustomersModule, EmailModule],
  providers: [DeliveryLedger, MessageDelivery, MessageDeliveryWorker, { provide: SmsSender, useClass: TwilioSmsSender }],
})
export class MessageDeliveryModule {}
