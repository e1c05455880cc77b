import { Module } from '@nestjs/common';
import { MessagingModule } from '../messaging/messaging.module.js';
import { MessageTemplatesModule } from '../messaging/templates/message-templates.module.js';
import { PaymentsModule } from '../payments/payments.module.js';
import { NoticeComposers } from './customer-notices.js';
import { JobHistoryArchiver } from './job-history-archiver.service.js';
import { JobJournalWriter } from './job-journal.service.js';
import { JobNotices } from './job-notices.service.js';
import { ManagerAlerts } from './manager-alerts.service.js';

/** What every job workflow's activities stand on, in the worker: journal, notices, alerts. */
@Module({
  imports: [MessagingModule, MessageTemplatesModule, PaymentsModule],
  providers: [JobJournalWriter, JobNotices, ManagerAlerts, NoticeComposers, JobHistoryArchiver],
  exports: [JobJournalWriter, JobNotices, ManagerAlerts, NoticeComposers, JobHistoryArchiver, PaymentsModule],
})
export class JobsWorkerModule {}
