import { Module } from '@nestjs/common';
import { RepairStageProjection } from './repair-stage-projection.service.js';

/** The stage projection the worker's activities write. */
@Module({ providers: [RepairStageProjection], exports: [RepairStageProjection] })
export class RepairProjectionModule {}
