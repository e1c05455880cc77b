import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { CurrentStaff, Roles, type StaffMember } from '../platform/auth/staff-auth.guard.js';
import { PageLimit } from '../platform/http/paging.js';
import { MESSAGE_STATUSES } from './message.entity.js';
import { MessageList } from './message-list.service.js';
import { MessageView, StuckMessagesView } from './message.view.js';
import { StuckMessages } from './stuck-messages.service.js';
import { MESSAGE_CHANNELS, type MessageChannel } from './templates/notice-catalog.js';

export class MessageListQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  jobId?: string;

  @ApiPropertyOptional({ enum: MESSAGE_STATUSES })
  @IsOptional()
  @IsIn(MESSAGE_STATUSES)
  status?: (typeof MESSAGE_STATUSES)[number];

  @ApiPropertyOptional({ example: 'repair.ready' })
  @IsOptional()
  @Matches(/^[a-z_]{1,40}\.[a-z_]{1,40}$/, { message: 'kind must be a message kind such as repair.ready' })
  kind?: string;

  @ApiPropertyOptional({ enum: MESSAGE_CHANNELS })
  @IsOptional()
  @IsIn(MESSAGE_CHANNELS)
  channel?: MessageChannel;

  @PageLimit(50)
  limit?: number;
}

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(
    private readonly stuck: StuckMessages,
    private readonly messages: MessageList,
  ) {}

  @Get()
  @ApiOkResponse({ type: [MessageView], description: 'Messages to customers, newest first, by customer, job, status, kind or channel (never their text).' })
  async list(@Query() query: MessageListQuery, @CurrentStaff() staff: StaffMember): Promise<MessageView[]> {
    const { limit, ...filters } = query;
    return (await this.messages.list(staff, filters, limit ?? 50)).map(MessageView.of);
  }

  @Get('stuck')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: StuckMessagesView, description: 'Messages not delivered within the policy delay (MESSAGE_STUCK_AFTER), or whose outcome is unsettled.' })
  listStuck(): Promise<StuckMessagesView> {
    return this.stuck.list();
  }
}
