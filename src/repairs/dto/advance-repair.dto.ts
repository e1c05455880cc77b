import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { REPAIR_STAGES, type RepairStage } from '../../../workflows/repair-stages.js';

export class AdvanceRepairDto {
  @ApiProperty({ enum: REPAIR_STAGES, description: 'The stage to move to; it must be one the current stage allows.' })
  @IsIn(REPAIR_STAGES)
  to!: RepairStage;
}
