import { Body, Controller, Get, HttpCode, HttpStatus, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiCreatedResponse, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { CreateStaffAccountDto, UpdateStaffAccountDto } from './dto/staff-account.dto.js';
import { StaffAccountView } from './staff-account.view.js';
import { StaffAccounts } from './staff-accounts.service.js';
import { NewStaffAccountView, PasswordResetLinkView, StaffEmailView } from './staff.views.js';

@ApiTags('staff')
@ApiBearerAuth()
@Controller('staff')
export class StaffController {
  constructor(private readonly accounts: StaffAccounts) {}

  @Get()
  @ApiOkResponse({ type: StaffAccountView, isArray: true, description: 'The staff of your stores (an owner sees everyone).' })
  async list(@CurrentStaff() caller: StaffMember): Promise<StaffAccountView[]> {
    return (await this.accounts.list(caller)).map(StaffAccountView.of);
  }

  @Get('emails')
  @Roles('owner')
  @ApiOperation({ summary: 'Staff emails not yet delivered (password links), until the email sender exists' })
  @ApiOkResponse({ type: StaffEmailView, isArray: true })
  async emails(): Promise<StaffEmailView[]> {
    return (await this.accounts.pendingEmails()).map(StaffEmailView.of);
  }

  @Get(':staffId')
  @ApiOkResponse({ type: StaffAccountView })
  @ApiNotFoundResponse({ description: 'STAFF_NOT_FOUND' })
  async get(@CurrentStaff() caller: StaffMember, @UuidParam('staffId') staffId: string): Promise<StaffAccountView> {
    return StaffAccountView.of(await this.accounts.get(caller, staffId));
  }

  @Post()
  @Roles('manager', 'owner')
  @ApiOperation({ summary: 'Add a staff member; the answer carries their one-time password setup link' })
  @ApiCreatedResponse({ type: NewStaffAccountView })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_GRANTABLE (a manager adds associates and bench jewelers only)' })
  @ApiConflictResponse({ description: 'STAFF_EMAIL_TAKEN' })
  async create(@CurrentStaff() caller: StaffMember, @Body() body: CreateStaffAccountDto): Promise<NewStaffAccountView> {
    const { account, passwordSetupLink, linkExpiresAt } = await this.accounts.create(caller, body);
    return { account: StaffAccountView.of(account), passwordSetupLink, linkExpiresAt: linkExpiresAt.toISOString() };
  }

  @Patch(':staffId')
  @Roles('manager', 'owner')
  @ApiOperation({ summary: 'Change name, role, stores or active; less access ends their sign-ins at once' })
  @ApiOkResponse({ type: StaffAccountView })
  @ApiNotFoundResponse({ description: 'STAFF_NOT_FOUND' })
  @ApiForbiddenResponse({ description: 'STAFF_NOT_MANAGEABLE, ROLE_NOT_GRANTABLE' })
  @ApiConflictResponse({ description: 'CANNOT_CHANGE_OWN_ACCESS, LAST_OWNER' })
  async update(@CurrentStaff() caller: StaffMember, @UuidParam('staffId') staffId: string, @Body() body: UpdateStaffAccountDto): Promise<StaffAccountView> {
    return StaffAccountView.of(await this.accounts.update(caller, staffId, body));
  }

  @Post(':staffId/password-reset')
  @Roles('manager', 'owner')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'A one-time password link for someone who forgot theirs' })
  @ApiOkResponse({ type: PasswordResetLinkView })
  async issuePasswordReset(@CurrentStaff() caller: StaffMember, @UuidParam('staffId') staffId: string): Promise<PasswordResetLinkView> {
    const { link, expiresAt } = await this.accounts.issuePasswordReset(caller, staffId);
    return { link, expiresAt: expiresAt.toISOString() };
  }
}
