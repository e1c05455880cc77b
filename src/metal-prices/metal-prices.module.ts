import { Module } from '@nestjs/common';
import { MetalPricesController } from './metal-prices.controller.js';
import { MetalPrices } from './metal-prices.service.js';

@Module({ controllers: [MetalPricesController], providers: [MetalPrices], exports: [MetalPrices] })
export class MetalPricesModule {}
