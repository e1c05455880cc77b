import { Module } from '@nestjs/common';
import { CustodyReport } from './custody-report.service.js';
import { DashboardModule } from './dashboard.module.js';
import { ManagerDigestApiModule } from './digest/manager-digest-api.module.js';
import { LateLists } from './late-lists.service.js';
import { ManagersController } from './managers.controller.js';

/** The managers' reports: late lists, the custody report, dashboards. Read-only over the projection and the journal. */
@Module({
  imports: [ManagerDigestApiModule, DashboardModule],
  controllers: [ManagersController],
  providers: [LateLists, CustodyReport],
  exports: [LateLists, CustodyReport],
})
export class ManagersModule {}
