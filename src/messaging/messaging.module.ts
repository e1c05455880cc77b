import { Module } from '@nestjs/common';
import { OutboundMessageQueue } from './outbound-message.queue.js';
import { Outbox } from './outbox.service.js';
import { StrandedMessageSweeper } from './stranded-message-sweeper.service.js';

/** Writing and queueing customer messages, and the sweep that re-queues lost ones: the worker's. */
@Module({
  providers: [OutboundMessageQueue, Outbox, StrandedMessageSweeper],
  exports: [OutboundMessageQueue, Outbox, StrandedMessageSweeper],
})
export class MessagingModule {}
