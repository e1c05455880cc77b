import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MESSAGE_STATUSES, type Message, type MessageStatus } from './message.entity.js';

/** A customer message as staff see it: what, to whom (by id), its delivery status; never its text. */
export class MessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) customerId!: string;
  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The job it is about.' }) jobId!: string | null;
  @ApiProperty({ example: 'repair.stage.ready' }) kind!: string;
  @ApiProperty({ enum: ['sms'] }) channel!: string;
  @ApiProperty({ enum: MESSAGE_STATUSES }) status!: MessageStatus;
  @ApiProperty({ description: 'Delivery attempts so far.' }) attempts!: number;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'TWILIO_20500' }) errorCode!: string | null;
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
      createdAt: message.createdAt.toISOString(),
      updatedAt: message.updatedAt.toISOString(),
    };
  }
}

export class StuckMessagesView {
  @ApiProperty({ description: 'A message not delivered after this long is listed.', example: '15m' }) stuckAfter!: string;
  @ApiProperty({ type: MessageView, isArray: true, description: 'Oldest first.' }) messages!: MessageView[];
}
