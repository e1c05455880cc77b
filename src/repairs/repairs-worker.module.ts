import { Module, type OnModuleInit } from '@nestjs/common';
import { NoticeComposers } from '../jobs/customer-notices.js';
import { JobsWorkerModule } from '../jobs/jobs-worker.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { LegacyRepairJobs } from './legacy-repair-jobs.service.js';
import { RepairNoticeComposer } from './repair-notices.js';

/** Repairs in the worker: their customers' texts, and the first procedure's activities. */
@Module({ imports: [JobsWorkerModule, MessagingModule], providers: [LegacyRepairJobs], exports: [LegacyRepairJobs] })
export class RepairsWorkerModule implements OnModuleInit {
  constructor(private readonly composers: NoticeComposers) {}

  onModuleInit(): void {
    this.composers.register(new RepairNoticeComposer());
  }
}
