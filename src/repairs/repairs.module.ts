import { Module } from '@nestjs/common';
import { MetalPricesModule } from '../metal-prices/metal-prices.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { MessagesApiModule } from '../messaging/messages-api.module.js';
import { RepairActions } from './repair-actions.service.js';
import { RepairReplies } from './repair-replies.js';
import { RepairTakeIn } from './repair-take-in.service.js';
import { RepairsController } from './repairs.controller.js';

/** Repairs in the API: take-in and one route per action. */
@Module({ imports: [StoresModule, MetalPricesModule, MessagesApiModule], controllers: [RepairsController], providers: [RepairTakeIn, RepairActions, RepairReplies] })
export class RepairsModule {}
