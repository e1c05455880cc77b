import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { CustodyReport, CustodyReportView } from './custody-report.service.js';
import { LateListsQuery, StoreReportQuery } from './dto/manager-queries.dto.js';
import { LateLists, LateListsView } from './late-lists.service.js';
import { storeScopeOf } from './manager-scope.js';

/** What is late and what the shop holds: the managers' daily questions, one call each. */
@ApiTags('managers')
@ApiBearerAuth()
@Roles('manager', 'owner')
@Controller('manager')
export class ManagersController {
  constructor(
    private readonly late: LateLists,
    private readonly custody: CustodyReport,
  ) {}

  @Get('late')
  @ApiOkResponse({ type: LateListsView, description: 'Overdue, waiting on the customer, late at a vendor, unclaimed, stuck in a stage: each sorted by urgency, most late first.' })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND (also for a store you do not work in)' })
  lateLists(@Query() query: LateListsQuery, @CurrentStaff() staff: StaffMember): Promise<LateListsView> {
    return this.late.of({ scope: storeScopeOf(staff, query.storeId), assigneeId: query.assigneeId, waitingDays: query.waitingDays ?? 3 });
  }

  @Get('custody')
  @ApiOkResponse({ type: CustodyReportView, description: "Every piece and stone in the shop's care now, by location, with the declared value held at each." })
  @ApiNotFoundResponse({ description: 'STORE_NOT_FOUND (also for a store you do not work in)' })
  custodyReport(@Query() query: StoreReportQuery, @CurrentStaff() staff: StaffMember): Promise<CustodyReportView> {
    return this.custody.of(storeScopeOf(staff, query.storeId));
  }
}
