import { defineEntity, p } from '@mikro-orm/core';
import { Store } from '../../stores/store.entity.js';
import { MESSAGE_CHANNELS } from './notice-catalog.js';

/** A store's own text for one notice kind, channel and language; the shipped text applies where there is none. */
const MessageTemplateSchema = defineEntity({
  name: 'MessageTemplate',
  tableName: 'message_templates',
  uniques: [{ name: 'message_templates_store_kind_channel_locale_unique', properties: ['store', 'kind', 'channel', 'locale'] }],
  properties: {
    id: p.uuid().primary(),
    store: () => p.manyToOne(Store),
    kind: p.string().length(100),
    channel: p.enum(MESSAGE_CHANNELS),
    /** BCP 47 language tag (`en`, `es-MX`), matched to the customer's language. */
    locale: p.string().length(20),
    /** Email only. */
    subject: p.string().length(200).nullable(),
    body: p.text(),
    updatedById: p.string().length(64).nullable(),
    updatedByName: p.string().length(100),
    updatedAt: p.datetime(),
  },
});

export class MessageTemplate extends MessageTemplateSchema.class {}
MessageTemplateSchema.setClass(MessageTemplate);
