import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { StuckMessagesView } from './message.view.js';
import { StuckMessages } from './stuck-messages.service.js';

@ApiTags('messages')
@ApiBearerAuth()
@Controller('messages')
export class MessagesController {
  constructor(private readonly stuck: StuckMessages) {}

  @Get('stuck')
  @ApiOkResponse({ type: StuckMessagesView, description: 'Messages not delivered within the policy delay (MESSAGE_STUCK_AFTER), or whose outcome is unsettled.' })
  listStuck(): Promise<StuckMessagesView> {
    return this.stuck.list();
  }
}
