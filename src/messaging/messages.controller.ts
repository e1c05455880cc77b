import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../platform/auth/staff-auth.guard.js';
import { StuckMessagesView } from './message.view.js';
import { StuckMessages } from './stuck-messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(private readonly stuck: StuckMessages) {}

  @Get('stuck')
  @Roles('manager', 'owner')
  @ApiOkResponse({ type: StuckMessagesView, description: 'Messages not delivered within the policy delay (MESSAGE_STUCK_AFTER), or whose outcome is unsettled.' })
  listStuck(): Promise<StuckMessagesView> {
    return this.stuck.list();
  }
}
