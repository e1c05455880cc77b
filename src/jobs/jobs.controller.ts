import { EntityManager } from '@mikro-orm/postgresql';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { moveCustodyUpdate } from '../../workflows/shared/job-contract.js';
import { AppConfig } from '../platform/config/app-config.js';
import { CurrentStaff, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { idempotencyKeyOf } from '../platform/http/idempotency-key.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { TemporalGateway } from '../platform/temporal/temporal-gateway.service.js';
import { StaffDirectory } from '../staff/staff-directory.service.js';
import { custodyRequestOf } from './custody-requests.js';
import { ListJobsQuery, jobFiltersOf } from './dto/list-jobs.dto.js';
import { ScanCustodyDto } from './dto/scan-custody.dto.js';
import { JobQueries } from './job-queries.service.js';
import { JobTimeline, TimelineView } from './job-timeline.service.js';
import { JobPageView, JobView } from './job.view.js';
import { JobsService } from './jobs.service.js';
import { TimelineExportQuery } from './dto/timeline-export.dto.js';
import { timelinePdf } from './timeline-pdf.js';
import { Store } from '../stores/store.entity.js';

/** Jobs of every kind together: the store's open-jobs list, a job's timeline, scan to move. */
@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly queries: JobQueries,
    private readonly jobs: JobsService,
    private readonly timeline: JobTimeline,
    private readonly temporal: TemporalGateway,
    private readonly directory: StaffDirectory,
    private readonly config: AppConfig,
    private readonly em: EntityManager,
  ) {}

  @Get()
  @ApiOkResponse({ type: JobPageView, description: 'Repairs and custom orders in one list (open ones unless `closed=true`).' })
  async list(@Query() query: ListJobsQuery, @CurrentStaff() staff: StaffMember): Promise<JobPageView> {
    const page = await this.queries.list(jobFiltersOf(query, staff), query.sort, query.limit, query.cursor);
    return { jobs: page.jobs.map((job) => JobView.of(job, this.config)), nextCursor: page.nextCursor };
  }

  @Get(':jobId/timeline')
  @StoreScoped('job', 'jobId')
  @ApiOkResponse({ type: TimelineView, description: "Every fact of the job's journal and every message to the customer, oldest first." })
  @ApiNotFoundResponse({ description: 'JOB_NOT_FOUND' })
  async history(@UuidParam('jobId') jobId: string, @CurrentStaff() staff: StaffMember): Promise<TimelineView> {
    return this.timeline.of(await this.jobs.require(jobId, staff));
  }

  @Get(':jobId/timeline/export')
  @StoreScoped('job', 'jobId')
  @ApiProduces('application/json', 'application/pdf')
  @ApiOkResponse({ description: 'The timeline as a file to keep: JSON (the same data as the timeline) or a printable PDF, for disputes and insurance claims.' })
  @ApiNotFoundResponse({ description: 'JOB_NOT_FOUND' })
  async exportHistory(@UuidParam('jobId') jobId: string, @Query() query: TimelineExportQuery, @CurrentStaff() staff: StaffMember, @Res() reply: FastifyReply): Promise<void> {
    const job = await this.jobs.require(jobId, staff);
    const view = await this.timeline.of(job);
    const name = `${job.number}-timeline`;
    reply.header('cache-control', 'no-store').header('x-content-type-options', 'nosniff');
    if (query.format === 'pdf') {
      const store = await this.em.fork().findOneOrFail(Store, { id: job.store.id });
      const pdf = await timelinePdf(view, { name: store.name, timeZone: store.timeZone });
      return void (await reply.header('content-type', 'application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`).send(Buffer.from(pdf)));
    }
    await reply.header('content-type', 'application/json; charset=utf-8').header('content-disposition', `attachment; filename="${name}.json"`).send(JSON.stringify(view, null, 2));
  }

  @Post('scan')
  @HttpCode(HttpStatus.OK)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'A repeated scan with the same key records one hand-over.' })
  @ApiOkResponse({ type: JobView, description: 'The job after the hand-over.' })
  @ApiNotFoundResponse({ description: 'JOB_NOT_FOUND' })
  @ApiConflictResponse({ description: 'STAGE_TRANSITION_NOT_ALLOWED (the job cannot move its piece now), JOB_NUMBER_AMBIGUOUS, JOB_CLOSED' })
  async scan(@Body() body: ScanCustodyDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string): Promise<JobView> {
    const job = await this.jobs.byNumber(body.number, staff, body.storeId);
    await this.temporal.update(job.workflowId, moveCustodyUpdate, await custodyRequestOf(body, staff, this.directory, job.store.id), idempotencyKeyOf(key));
    return JobView.of(await this.jobs.require(job.id, staff), this.config);
  }
}
