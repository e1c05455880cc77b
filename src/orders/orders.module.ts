import { Module } from '@nestjs/common';
import { MetalPricesModule } from '../metal-prices/metal-prices.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { MessagesApiModule } from '../messaging/messages-api.module.js';
import { OrderActions } from './order-actions.service.js';
import { OrderReplies } from './order-replies.js';
import { OrderTakeIn } from './order-take-in.service.js';
import { OrdersController } from './orders.controller.js';

/** Custom orders in the API: the consultation and one route per action. */
@Module({ imports: [StoresModule, MetalPricesModule, MessagesApiModule], controllers: [OrdersController], providers: [OrderTakeIn, OrderActions, OrderReplies] })
export class OrdersModule {}
