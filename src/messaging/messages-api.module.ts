import { Module } from '@nestjs/common';
import { MessagesController } from './messages.controller.js';
import { StuckMessages } from './stuck-messages.service.js';

/** What staff read about customer messages, through the API. */
@Module({ controllers: [MessagesController], providers: [StuckMessages] })
export class MessagesApiModule {}
