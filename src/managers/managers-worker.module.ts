import { Module } from '@nestjs/common';
import { EmailModule } from '../messaging/email.module.js';
import { TemporalModule } from '../platform/temporal/temporal.module.js';
import { CustodyReport } from './custody-report.service.js';
import { ManagerDigestSchedules } from './digest/manager-digest-schedules.service.js';
import { ManagerDigests } from './digest/manager-digests.service.js';
import { LateLists } from './late-lists.service.js';

/**
 * The managers' daily digest in the worker: composing and sending it (the reports are the same
 * services GET /manager/late and /manager/custody answer with), and keeping every store's schedule
 * up to date at start and every hour.
 */
@Module({
  imports: [TemporalModule, EmailModule],
  providers: [LateLists, CustodyReport, ManagerDigests, ManagerDigestSchedules],
  exports: [ManagerDigests, ManagerDigestSchedules],
})
export class ManagersWorkerModule {}
