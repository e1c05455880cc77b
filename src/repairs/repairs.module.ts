import { Module } from '@nestjs/common';
import { RepairsController } from './repairs.controller.js';
import { RepairsService } from './repairs.service.js';
import { TrackingController } from './tracking.controller.js';

@Module({ controllers: [RepairsController, TrackingController], providers: [RepairsService] })
export class RepairsModule {}
