import { Module } from '@nestjs/common';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { RepairNotifications } from './repair-notifications.service.js';

/** Writing and queueing customer messages: used by the worker's activities. */
@Module({ providers: [OutboundMessageQueue, RepairNotifications], exports: [RepairNotifications] })
export class MessagingModule {}
