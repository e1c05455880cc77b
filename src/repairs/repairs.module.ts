import { Module, type OnModuleInit } from '@nestjs/common';
import { MessageTemplatesModule } from '../messaging/templates/message-templates.module.js';
import { NoticeCatalog } from '../messaging/templates/notice-catalog.js';
import { MetalPricesModule } from '../metal-prices/metal-prices.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { MessagesApiModule } from '../messaging/messages-api.module.js';
import { REPAIR_NOTICES } from './repair-notices.js';
import { RepairActions } from './repair-actions.service.js';
import { RepairReplies } from './repair-replies.js';
import { RepairTakeIn } from './repair-take-in.service.js';
import { RepairsController } from './repairs.controller.js';

/** Repairs in the API: take-in and one route per action. */
@Module({ imports: [StoresModule, MetalPricesModule, MessagesApiModule, MessageTemplatesModule], controllers: [RepairsController], providers: [RepairTakeIn, RepairActions, RepairReplies] })
export class RepairsModule implements OnModuleInit {
  constructor(private readonly notices: NoticeCatalog) {}

  /** The message kinds staff may word per store (the worker's composer sends them). */
  onModuleInit(): void {
    this.notices.register(REPAIR_NOTICES);
  }
}
