import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller.js';
import { JobsCsvController } from './jobs-csv.controller.js';
import { JobsCsv } from './jobs-csv.service.js';
import { ApprovalRates } from './reporting/approvals.js';
import { CustomerValues } from './reporting/customer-values.js';
import { CycleTimes } from './reporting/cycle-times.js';
import { MessageDelivery } from './reporting/message-delivery.js';
import { OnTimeRate } from './reporting/on-time.js';
import { QualityChecks } from './reporting/quality-checks.js';
import { ReportScopes } from './reporting/report-scope.js';
import { Revenue } from './reporting/revenue.js';
import { StagesNow } from './reporting/stages-now.js';

/** The managers' dashboards and the jobs export, over the reporting tables (src/managers/reporting/). */
@Module({
  controllers: [DashboardController, JobsCsvController],
  providers: [ReportScopes, StagesNow, CycleTimes, OnTimeRate, Revenue, QualityChecks, ApprovalRates, MessageDelivery, CustomerValues, JobsCsv],
})
export class DashboardModule {}
