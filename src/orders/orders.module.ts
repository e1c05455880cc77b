import { Module, type OnModuleInit } from '@nestjs/common';
import { MessageTemplatesModule } from '../messaging/templates/message-templates.module.js';
import { NoticeCatalog } from '../messaging/templates/notice-catalog.js';
import { MetalPricesModule } from '../metal-prices/metal-prices.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { MessagesApiModule } from '../messaging/messages-api.module.js';
import { ORDER_NOTICES } from './order-notices.js';
import { OrderActions } from './order-actions.service.js';
import { OrderReplies } from './order-replies.js';
import { OrderTakeIn } from './order-take-in.service.js';
import { OrdersController } from './orders.controller.js';

/** Custom orders in the API: the consultation and one route per action. */
@Module({ imports: [StoresModule, MetalPricesModule, MessagesApiModule, MessageTemplatesModule], controllers: [OrdersController], providers: [OrderTakeIn, OrderActions, OrderReplies] })
export class OrdersModule implements OnModuleInit {
  constructor(private readonly notices: NoticeCatalog) {}

  /** The message kinds staff may word per store (the worker's composer sends them). */
  onModuleInit(): void {
    this.notices.register(ORDER_NOTICES);
  }
}
