import { defineEntity, p } from '@mikro-orm/core';

/** A delivery receipt the provider sent for a message (Twilio's status callback), once per status, as it came. */
const MessageReceiptSchema = defineEntity({
  name: 'MessageReceipt',
  tableName: 'message_receipts',
  properties: {
    messageId: p.uuid().primary(),
    status: p.string().length(20).primary(),
    receivedAt: p.datetime(),
    errorCode: p.string().length(64).nullable(),
  },
});

export class MessageReceipt extends MessageReceiptSchema.class {}
MessageReceiptSchema.setClass(MessageReceipt);
