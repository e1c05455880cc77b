import { Module } from '@nestjs/common';
import { MessageTemplates } from './message-templates.service.js';
import { NoticeCatalog } from './notice-catalog.js';

/** The notice kinds the job modules register, and the stores' texts for them: API and worker alike. */
@Module({
  providers: [NoticeCatalog, MessageTemplates],
  exports: [NoticeCatalog, MessageTemplates],
})
export class MessageTemplatesModule {}
