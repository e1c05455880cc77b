import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import { REPAIR_STAGES, REPAIR_STAGE_INFO, type RepairStage } from '../../workflows/repair-stages.js';
import { PublicRoute } from '../platform/auth/staff-auth.guard.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { RepairJob } from './repair-job.entity.js';

export class TrackingView {
  @ApiProperty() envelopeNumber!: number;
  @ApiProperty({ enum: REPAIR_STAGES }) stage!: RepairStage;
  @ApiProperty({ example: 'Ready for pickup' }) stageLabel!: string;
  @ApiProperty({ example: '2026-12-07' }) promisedBy!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** The customer's view through their tracking link: the job's progress, no personal data. */
@ApiTags('tracking')
@Controller('track')
export class TrackingController {
  constructor(private readonly em: EntityManager) {}

  @Get(':token')
  @PublicRoute()
  @ApiOkResponse({ type: TrackingView })
  @ApiNotFoundResponse({ description: 'TRACKING_NOT_FOUND' })
  async track(@Param('token') token: string): Promise<TrackingView> {
    const repair = /^[\w-]{32}$/.test(token) ? await this.em.findOne(RepairJob, { trackingToken: token }) : null;
    if (!repair) throw new DomainError('not_found', 'TRACKING_NOT_FOUND', 'This tracking link is not valid.');
    return {
      envelopeNumber: repair.envelopeNumber,
      stage: repair.stage,
      stageLabel: REPAIR_STAGE_INFO[repair.stage].label,
      promisedBy: repair.promisedBy,
      updatedAt: repair.stageChangedAt.toISOString(),
    };
  }
}
