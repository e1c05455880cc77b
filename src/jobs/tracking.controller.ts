import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { EntityManager } from '@mikro-orm/postgresql';
import { PublicRoute } from '../platform/auth/staff-auth.guard.js';
import { Job } from './job.entity.js';
import { jobError } from './job-errors.js';

export class TrackingView {
  @ApiProperty({ example: 'R-001234-1' }) number!: string;
  @ApiProperty({ example: 'At the bench' }) stageLabel!: string;
  @ApiProperty({ example: 'in_work' }) stage!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-07' }) promisedBy!: string | null;
  @ApiProperty({ example: 'Goldsmith & Co' }) storeName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) storePhone!: string | null;
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
    const job = /^[\w-]{32}$/.test(token) ? await this.em.findOne(Job, { trackingToken: token }, { populate: ['store'] }) : null;
    if (!job) throw jobError('TRACKING_NOT_FOUND', 'This tracking link is not valid.');
    return {
      number: job.number,
      stage: job.stage,
      stageLabel: job.stageLabel,
      promisedBy: job.promisedBy ?? null,
      storeName: job.store.name,
      storePhone: job.store.phone ?? null,
      updatedAt: job.updatedAt.toISOString(),
    };
  }
}
