import { Module } from '@nestjs/common';
import { MetalPricesController } from './metal-prices.controller.js';
import { MetalPrices } from './metal-prices.service.js';
import { PriceLines } from './price-lines.service.js';

@Module({ controllers: [MetalPricesController], providers: [MetalPrices, PriceLines], exports: [MetalPrices, PriceLines] })
export class MetalPricesModule {}
