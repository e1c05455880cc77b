import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { ApprovalsView, CustomerValuesView, CycleTimesView, MessagesView, OnTimeView, QualityView, RevenueView, StagesNowView } from './dashboard-views.js';
import { CustomerValueQuery, DashboardPeriodQuery, DashboardScopeQuery, DashboardSeriesQuery } from './dto/dashboard-queries.dto.js';
import { ApprovalRates } from './reporting/approvals.js';
import { CustomerValues } from './reporting/customer-values.js';
import { CycleTimes } from './reporting/cycle-times.js';
import { MessageDelivery } from './reporting/message-delivery.js';
import { OnTimeRate } from './reporting/on-time.js';
import { QualityChecks } from './reporting/quality-checks.js';
import { ReportScopes } from './reporting/report-scope.js';
import { Revenue } from './reporting/revenue.js';
import { StagesNow } from './reporting/stages-now.js';

const NOT_FOUND = 'STORE_NOT_FOUND (also for a store you do not work in)';
const BAD_PERIOD = 'VALIDATION_FAILED (a field), PERIOD_REVERSED (`from` after `to`), PERIOD_TOO_LONG (more than 366 days)';

/**
 * The managers' dashboards, each one chart's data: jobs by stage now, then over a period (each
 * store's calendar days) cycle times, on-time rate, revenue, quality checks, approvals and message
 * delivery, and the customers' lifetime value. Read from the reporting tables the journal's and the
 * ledger's triggers keep (src/managers/reporting/).
 */
@ApiTags('managers')
@ApiBearerAuth()
@Roles('manager', 'owner')
@Controller('manager/dashboard')
export class DashboardController {
  constructor(
    private readonly scopes: ReportScopes,
    private readonly stagesNow: StagesNow,
    private readonly cycleTimes: CycleTimes,
    private readonly onTimeRate: OnTimeRate,
    private readonly revenue: Revenue,
    private readonly qualityChecks: QualityChecks,
    private readonly approvalRates: ApprovalRates,
    private readonly messageDelivery: MessageDelivery,
    private readonly customerValues: CustomerValues,
  ) {}

  @Get('stages')
  @ApiOperation({ summary: 'Open jobs per stage, now' })
  @ApiOkResponse({ type: StagesNowView })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  stages(@Query() query: DashboardScopeQuery, @CurrentStaff() staff: StaffMember): Promise<StagesNowView> {
    return this.stagesNow.of(this.scopes.scopeOf(staff, query));
  }

  @Get('cycle-times')
  @ApiOperation({ summary: 'Time in each stage and end to end (median, 90th percentile, mean) of the jobs that finished in the period' })
  @ApiOkResponse({ type: CycleTimesView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async cycles(@Query() query: DashboardPeriodQuery, @CurrentStaff() staff: StaffMember): Promise<CycleTimesView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.cycleTimes.of(scope, await this.scopes.periodOf(scope, query));
  }

  @Get('on-time')
  @ApiOperation({ summary: 'Share of the jobs finished in the period that were ready by their promised day, per day, week or month' })
  @ApiOkResponse({ type: OnTimeView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async onTime(@Query() query: DashboardSeriesQuery, @CurrentStaff() staff: StaffMember): Promise<OnTimeView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.onTimeRate.of(scope, await this.scopes.periodOf(scope, query), query.bucket ?? 'day');
  }

  @Get('revenue')
  @ApiOperation({ summary: 'Payments recorded less refunds, per currency, by job kind and payment kind, per day, week or month' })
  @ApiOkResponse({ type: RevenueView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async money(@Query() query: DashboardSeriesQuery, @CurrentStaff() staff: StaffMember): Promise<RevenueView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.revenue.of(scope, await this.scopes.periodOf(scope, query), query.bucket ?? 'day');
  }

  @Get('quality')
  @ApiOperation({ summary: 'Quality-check failure rate per artisan (who finished the work checked) in the period' })
  @ApiOkResponse({ type: QualityView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async quality(@Query() query: DashboardPeriodQuery, @CurrentStaff() staff: StaffMember): Promise<QualityView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.qualityChecks.of(scope, await this.scopes.periodOf(scope, query));
  }

  @Get('approvals')
  @ApiOperation({ summary: 'Approval rate and time to approve of the estimates, designs and try-ons decided in the period' })
  @ApiOkResponse({ type: ApprovalsView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async approvals(@Query() query: DashboardPeriodQuery, @CurrentStaff() staff: StaffMember): Promise<ApprovalsView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.approvalRates.of(scope, await this.scopes.periodOf(scope, query));
  }

  @Get('messages')
  @ApiOperation({ summary: 'Delivery rate per channel of the messages written in the period' })
  @ApiOkResponse({ type: MessagesView })
  @ApiBadRequestResponse({ description: BAD_PERIOD })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  async messages(@Query() query: DashboardPeriodQuery, @CurrentStaff() staff: StaffMember): Promise<MessagesView> {
    const scope = this.scopes.scopeOf(staff, query);
    return this.messageDelivery.of(scope, await this.scopes.periodOf(scope, query));
  }

  @Get('customers')
  @ApiOperation({ summary: 'The customers of the highest lifetime value (payments less refunds, all time), per currency' })
  @ApiOkResponse({ type: CustomerValuesView })
  @ApiBadRequestResponse({ description: 'VALIDATION_FAILED' })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  customers(@Query() query: CustomerValueQuery, @CurrentStaff() staff: StaffMember): Promise<CustomerValuesView> {
    return this.customerValues.of(this.scopes.scopeOf(staff, query), query.limit ?? 10);
  }
}
