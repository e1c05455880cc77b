import { Module } from '@nestjs/common';
import { MetalPricesModule } from '../metal-prices/metal-prices.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { PiecesController } from './pieces.controller.js';
import { PiecesService } from './pieces.service.js';
import { PieceSearch } from '../search/piece-search.service.js';

@Module({ imports: [StoresModule, MetalPricesModule], controllers: [PiecesController], providers: [PiecesService, PieceSearch] })
export class PiecesModule {}
