import { Module } from '@nestjs/common';
import { CustomersModule } from '../customers/customers.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { MessagingModule } from './messaging.module.js';
import { MessageTemplatesController } from './templates/message-templates.controller.js';
import { MessageTemplatesModule } from './templates/message-templates.module.js';
import { NotificationSettingsService } from './templates/notification-settings.service.js';
import { DeliveryReceipts } from './delivery-receipts.service.js';
import { InboundSmsService } from './inbound-sms.service.js';
import { InboxController } from './inbox.controller.js';
import { Inbox } from './inbox.service.js';
import { MessageList } from './message-list.service.js';
import { MessagesController } from './messages.controller.js';
import { ReplyTargets } from './reply-targets.js';
import { StuckMessages } from './stuck-messages.service.js';
import { TwilioWebhooksController } from './twilio-webhooks.controller.js';
import { UnsubscribeController } from './unsubscribe.controller.js';
import { QueueBoardController } from './queue-board.controller.js';

/** What staff read about customer messages, and what customers send back (Twilio's webhooks, the inbox). */
@Module({
  imports: [CustomersModule, StoresModule, MessageTemplatesModule, MessagingModule],
  controllers: [MessagesController, TwilioWebhooksController, InboxController, MessageTemplatesController, UnsubscribeController, QueueBoardController],
  providers: [NotificationSettingsService, StuckMessages, MessageList, InboundSmsService, Inbox, ReplyTargets, DeliveryReceipts],
  exports: [ReplyTargets],
})
export class MessagesApiModule {}
