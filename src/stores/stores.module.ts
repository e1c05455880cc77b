import { Module } from '@nestjs/common';
import { StoresController } from './stores.controller.js';
import { StoreFollowers, StoresService } from './stores.service.js';

@Module({ controllers: [StoresController], providers: [StoresService, StoreFollowers], exports: [StoresService, StoreFollowers] })
export class StoresModule {}
