import { Body, Controller, Get, Patch, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, ValidateIf } from 'class-validator';
import { CurrentStaff, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { PageLimit } from '../platform/http/paging.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { INBOX_STATUSES, type InboundMessage } from './inbound-message.entity.js';
import { Inbox } from './inbox.service.js';

export class InboxQuery {
  @ApiPropertyOptional({ enum: INBOX_STATUSES, description: 'Only replies in this state (default: all).' })
  @IsOptional()
  @IsIn(INBOX_STATUSES)
  status?: (typeof INBOX_STATUSES)[number];

  @PageLimit(50)
  limit?: number;
}

export class InboxChangeDto {
  @ApiPropertyOptional({ enum: INBOX_STATUSES })
  @IsOptional()
  @IsIn(INBOX_STATUSES)
  status?: (typeof INBOX_STATUSES)[number];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'The staff member who takes it on; null gives it back.' })
  @IsOptional()
  @ValidateIf((_object, value) => value !== null)
  @IsUUID()
  ownerId?: string | null;
}

export class InboxMessageView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '+15551234567' }) from!: string;
  @ApiProperty() body!: string;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) customerId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) customerName!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, format: 'uuid' }) jobId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, example: 'R-001234-1' }) jobNumber!: string | null;
  @ApiProperty({ enum: INBOX_STATUSES }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) owner!: string | null;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;

  static of(message: InboundMessage): InboxMessageView {
    return {
      id: message.id,
      from: message.fromAddress,
      body: message.body,
      customerId: message.customer?.id ?? null,
      customerName: message.customer ? `${message.customer.firstName} ${message.customer.lastName}` : null,
      jobId: message.job?.id ?? null,
      jobNumber: message.job?.number ?? null,
      status: message.status,
      owner: message.ownerName ?? null,
      receivedAt: message.receivedAt.toISOString(),
    };
  }
}

/** Customers' replies that need a person: newest first, with who has taken each on. */
@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly inbox: Inbox) {}

  @Get()
  @ApiOkResponse({ type: [InboxMessageView] })
  async list(@Query() query: InboxQuery, @CurrentStaff() staff: StaffMember): Promise<InboxMessageView[]> {
    return (await this.inbox.list(staff, query.status, query.limit ?? 50)).map(InboxMessageView.of);
  }

  @Patch(':messageId')
  @ApiOkResponse({ type: InboxMessageView })
  @ApiNotFoundResponse({ description: 'INBOX_MESSAGE_NOT_FOUND' })
  async change(@UuidParam('messageId') id: string, @Body() body: InboxChangeDto, @CurrentStaff() staff: StaffMember): Promise<InboxMessageView> {
    return InboxMessageView.of(await this.inbox.change(staff, id, body));
  }
}
