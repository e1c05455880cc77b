import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_STATUSES, type Message, type MessageStatus } from './message.entity.js';
import { MESSAGE_CHANNELS, type MessageChannel } from './templates/notice-catalog.js';

/** A customer message as staff see it: what, to whom (by id), its delivery status; never its text. */
export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The job it is about.' }) jobId!: string | null;
  @ApiProperty({ example: 'repair.stage.ready' }) kind!: string;
  @ApiProperty({ enum: MESSAGE_CHANNELS }) channel!: MessageChannel;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: MessageStatus;
  @ApiProperty({ description: 'Delivery attempts so far.' }) attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'TWILIO_20500', description: 'Why it failed, or why it was suppressed (NO_SMS_CONSENT, NO_EMAIL_ADDRESS, NO_EMAIL_CONSENT).' }) errorCode!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'date-time', description: "A text held for the end of the recipient's quiet hours goes at this time." }) notBefore!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid', description: 'The message on the other channel this one was sent in place of (a text that could not be sent, going by email).' }) fallbackOf!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', description: 'Last change of its delivery status.' }) updatedAt!: string;

  static of(message: Message): MessageView {
    return {
      id: message.id,
      customerId: message.customer.id,
      jobId: message.job?.id ?? null,
      kind: message.kind,
      channel: message.channel,
      status: message.status,
      attempts: message.attempts,
      errorCode: message.errorCode ?? null,
      notBefore: message.notBefore?.toISOString() ?? null,
      fallbackOf: message.fallbackOf ?? null,
      createdAt: message.createdAt.toISOString(),
      updatedAt: message.updatedAt.toISOString(),
    };
  }
}

export class StuckMessagesView {
  @ApiProperty({ description: 'A message not delivered after this long is listed.', example: '15m' }) stuckAfter!: string;
  @ApiProperty({ type: MessageView, isArray: true, description: 'Oldest first.' }) messages!: MessageView[];
}
