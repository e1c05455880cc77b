import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { CustomerSearch } from '../search/customer-search.service.js';
import { SearchQuery } from '../search/search-query.dto.js';
import { CustomerHitView, CustomerPageView } from '../search/search.views.js';
import { CustomerMerge } from './customer-merge.service.js';
import { CustomerProfiles } from './customer-profiles.service.js';
import { CustomerProfileView, CustomerView, InteractionView, OccasionView } from './customer.view.js';
import { CustomersService } from './customers.service.js';
import { CreateCustomerDto } from './dto/create-customer.dto.js';
import { ConsentChangeDto, InteractionDto, MergeCustomersDto, OccasionDto, UpdateCustomerDto } from './dto/customer-changes.dto.js';

const MERGED = 'CUSTOMER_MERGED (the record was merged into another: change that one, named in mergedInto)';

@ApiTags('customers')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'CUSTOMER_NOT_FOUND' })
@Controller('customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly profiles: CustomerProfiles,
    private readonly merges: CustomerMerge,
    private readonly finder: CustomerSearch,
  ) {}

  @Post()
  @ApiCreatedResponse({ type: CustomerView })
  async create(@Body() body: CreateCustomerDto, @CurrentStaff() staff: StaffMember): Promise<CustomerView> {
    return CustomerView.of(await this.customers.create(staff, body));
  }

  @Get()
  @ApiOperation({ summary: 'Find customers by name (typos forgiven), phone in any format, or email; keyset pages' })
  @ApiOkResponse({ type: CustomerPageView })
  async search(@Query() query: SearchQuery): Promise<CustomerPageView> {
    const page = await this.finder.search({ ...query, limit: query.limit ?? 25 });
    return { customers: page.rows.map(CustomerHitView.of), nextCursor: page.nextCursor };
  }

  @Get(':customerId')
  @ApiOperation({ summary: "The customer's page: details, consent history, dates, notes, jobs in your stores, lifetime value" })
  @ApiOkResponse({ type: CustomerProfileView })
  profile(@UuidParam('customerId') customerId: string, @CurrentStaff() staff: StaffMember): Promise<CustomerProfileView> {
    return this.profiles.of(customerId, staff);
  }

  @Patch(':customerId')
  @ApiOperation({ summary: 'Change details, preferences or sizes (consent has its own route, with its source)' })
  @ApiOkResponse({ type: CustomerView })
  @ApiConflictResponse({ description: MERGED })
  async update(@UuidParam('customerId') customerId: string, @Body() body: UpdateCustomerDto, @CurrentStaff() staff: StaffMember): Promise<CustomerView> {
    return CustomerView.of(await this.customers.update(staff, customerId, body));
  }

  @Put(':customerId/consent')
  @ApiOperation({ summary: 'Grant or withdraw SMS or email consent, recording how it was given' })
  @ApiOkResponse({ type: CustomerView })
  @ApiConflictResponse({ description: MERGED })
  async changeConsent(@UuidParam('customerId') customerId: string, @Body() body: ConsentChangeDto, @CurrentStaff() staff: StaffMember): Promise<CustomerView> {
    return CustomerView.of(await this.customers.changeConsent(staff, customerId, body));
  }

  @Post(':customerId/occasions')
  @ApiCreatedResponse({ type: OccasionView })
  @ApiConflictResponse({ description: MERGED })
  async addOccasion(@UuidParam('customerId') customerId: string, @Body() body: OccasionDto, @CurrentStaff() staff: StaffMember): Promise<OccasionView> {
    return OccasionView.of(await this.customers.addOccasion(staff, customerId, body));
  }

  @Delete(':customerId/occasions/:occasionId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  async removeOccasion(@UuidParam('customerId') customerId: string, @UuidParam('occasionId') occasionId: string, @CurrentStaff() staff: StaffMember): Promise<void> {
    await this.customers.removeOccasion(staff, customerId, occasionId);
  }

  @Post(':customerId/interactions')
  @ApiOperation({ summary: 'Record a note or a contact (who, when, channel, what was said)' })
  @ApiCreatedResponse({ type: InteractionView })
  @ApiConflictResponse({ description: MERGED })
  async addInteraction(@UuidParam('customerId') customerId: string, @Body() body: InteractionDto, @CurrentStaff() staff: StaffMember): Promise<InteractionView> {
    return InteractionView.of(await this.customers.addInteraction(staff, customerId, body));
  }

  @Post(':customerId/merge')
  @Roles('manager', 'owner')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Merge another record of the same person into this one (its history moves here; it is kept, marked merged)" })
  @ApiOkResponse({ type: CustomerView })
  @ApiConflictResponse({ description: 'MERGE_WITH_ITSELF, CUSTOMER_MERGED' })
  async merge(@UuidParam('customerId') customerId: string, @Body() body: MergeCustomersDto, @CurrentStaff() staff: StaffMember): Promise<CustomerView> {
    return CustomerView.of(await this.merges.merge(staff, customerId, body.duplicateId));
  }
}
