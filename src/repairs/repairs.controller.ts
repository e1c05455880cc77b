import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ListJobsQuery, jobFiltersOf } from '../jobs/dto/list-jobs.dto.js';
import { MoveCustodyDto, PaymentDto } from '../jobs/dto/job-parts.dto.js';
import { JobQueries } from '../jobs/job-queries.service.js';
import { JobTimeline, TimelineView } from '../jobs/job-timeline.service.js';
import { JobPageView, JobView } from '../jobs/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { CurrentStaff, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { idempotencyKeyOf } from '../platform/http/idempotency-key.js';
import { IMAGE_TYPES } from '../photos/image-types.js';
import { PhotoView } from '../photos/photo.view.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import {
  AssignBenchDto,
  CancelRepairDto,
  ChangePromisedDateDto,
  ContactAttemptDto,
  EstimateDecisionDto,
  FailQualityCheckDto,
  FinishWorkDto,
  PassQualityCheckDto,
  ProvideEstimateDto,
  ReceiveFromVendorDto,
  RecordPickupDto,
  SendToVendorDto,
} from './dto/repair-actions.dto.js';
import { TakeInDto } from './dto/take-in.dto.js';
import { RepairActions } from './repair-actions.service.js';
import { RepairTakeIn } from './repair-take-in.service.js';
import { RepairView, TicketView } from './repair.view.js';

const KEY = { name: 'Idempotency-Key', required: false, description: 'Repeat the request safely: the same key acts once and answers the same.' } as const;
const REFUSALS = 'STAGE_TRANSITION_NOT_ALLOWED (with currentStage and allowedActions), or a rule of the trade (QC_BY_WORKER, BALANCE_DUE, ID_CHECK_REQUIRED, STALE_APPROVAL_REQUEST...), or JOB_CLOSED';

/** One route per thing a shop does with a repair; each answers with the repair as it is after it. */
@ApiTags('repairs')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'REPAIR_NOT_FOUND' })
@ApiServiceUnavailableResponse({ description: 'WORKFLOW_UNAVAILABLE, or ACTION_UNCONFIRMED (retry with the same Idempotency-Key)' })
@StoreScoped('repair', 'repairId')
@Controller('repairs')
export class RepairsController {
  constructor(
    private readonly takeIns: RepairTakeIn,
    private readonly actions: RepairActions,
    private readonly queries: JobQueries,
    private readonly jobs: JobsService,
    private readonly timeline: JobTimeline,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Take pieces in: one ticket per visit, one job per piece' })
  @ApiHeader(KEY)
  @ApiCreatedResponse({ type: TicketView, description: 'Taken in; each job has its workflow.' })
  @ApiOkResponse({ type: TicketView, description: 'A repeat of an earlier take-in with the same Idempotency-Key.' })
  @ApiForbiddenResponse({ description: 'RUSH_NEEDS_MANAGER' })
  @ApiUnprocessableEntityResponse({ description: 'IDEMPOTENCY_KEY_REUSED with another body, or PROMISED_DATE_IN_PAST' })
  async takeIn(@Body() body: TakeInDto, @CurrentStaff() staff: StaffMember, @Res({ passthrough: true }) reply: FastifyReply, @Headers('idempotency-key') key?: string): Promise<TicketView> {
    const { ticket, replayed } = await this.takeIns.takeIn(body, staff, idempotencyKeyOf(key));
    void reply.status(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return ticket;
  }

  @Get()
  @ApiOkResponse({ type: JobPageView, description: 'Repairs from the projection, filtered and paged.' })
  async list(@Query() query: ListJobsQuery, @CurrentStaff() staff: StaffMember): Promise<JobPageView> {
    const page = await this.queries.list(jobFiltersOf(query, staff, 'repair'), query.sort, query.limit, query.cursor);
    return { jobs: page.jobs.map((job) => JobView.of(job, this.config)), nextCursor: page.nextCursor };
  }

  @Get(':repairId')
  @ApiOkResponse({ type: RepairView })
  read(@UuidParam('repairId') repairId: string, @CurrentStaff() staff: StaffMember): Promise<RepairView> {
    return this.actions.read(repairId, staff);
  }

  @Get(':repairId/history')
  @ApiOkResponse({ type: TimelineView, description: 'Every fact of the journal and every message, oldest first.' })
  async history(@UuidParam('repairId') repairId: string, @CurrentStaff() staff: StaffMember): Promise<TimelineView> {
    return this.timeline.of(await this.jobs.require(repairId, staff, 'repair'));
  }

  @Get(':repairId/label')
  @ApiOperation({ summary: 'The envelope label: a 62 x 40 mm PDF with the job number, its QR code (for POST /jobs/scan), the customer and the promised date' })
  @ApiProduces('application/pdf')
  @ApiOkResponse({ description: 'The label, ready to print.', schema: { type: 'string', format: 'binary' } })
  async label(@UuidParam('repairId') repairId: string, @CurrentStaff() staff: StaffMember, @Res() reply: FastifyReply): Promise<void> {
    const { number, pdf } = await this.actions.label(repairId, staff);
    await reply.header('Content-Type', 'application/pdf').header('Content-Disposition', `inline; filename="label-${number}.pdf"`).send(Buffer.from(pdf));
  }

  @Post(':repairId/photos')
  @ApiOperation({ summary: 'Add a photo of the piece (at take-in, of the finished work, a drawn signature): the image itself as the body' })
  @ApiConsumes(...IMAGE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: PhotoView, description: 'Kept with the job (the same photo sent again answers the one already kept).' })
  @ApiBadRequestResponse({ description: 'PHOTO_CONTENT_INVALID (the bytes are not the image type sent); 413 BODY_TOO_LARGE over the limit; 415 UNSUPPORTED_MEDIA_TYPE for a body that is not an image type' })
  addPhoto(@UuidParam('repairId') repairId: string, @Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentStaff() staff: StaffMember): Promise<PhotoView> {
    return this.actions.addPhoto(repairId, body, contentType, staff);
  }

  @Post(':repairId/estimate')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give (or revise) the estimate; under the go-ahead limit it is approved at once, otherwise the customer is asked' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  estimate(@UuidParam('repairId') id: string, @Body() body: ProvideEstimateDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.provideEstimate(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/estimate/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Record the customer's answer to the estimate, given at the counter or by phone" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView, description: 'A second answer to the same estimate changes nothing and shows the first.' })
  @ApiConflictResponse({ description: REFUSALS })
  decide(@UuidParam('repairId') id: string, @Body() body: EstimateDecisionDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.decideEstimate(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/assign')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Give the work to a bench jeweler (or to another one)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  assign(@UuidParam('repairId') id: string, @Body() body: AssignBenchDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.assignBench(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/vendor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send the piece out to a trade shop or vendor' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  sendToVendor(@UuidParam('repairId') id: string, @Body() body: SendToVendorDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.sendToVendor(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/vendor/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Receive the piece back from the vendor' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  backFromVendor(@UuidParam('repairId') id: string, @Body() body: ReceiveFromVendorDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.receiveFromVendor(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/work-finished')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'The bench is done: on to the quality check' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiForbiddenResponse({ description: 'ROLE_NOT_ALLOWED: bench jewelers and managers' })
  @ApiConflictResponse({ description: REFUSALS })
  finishWork(@UuidParam('repairId') id: string, @Body() body: FinishWorkDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.finishWork(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/quality-check/pass')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Pass the quality check (someone who did not work on the piece); ready for pickup' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: `QC_BY_WORKER; ${REFUSALS}` })
  passQc(@UuidParam('repairId') id: string, @Body() body: PassQualityCheckDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.passQualityCheck(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/quality-check/fail')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fail the quality check: back to the bench, with the reason' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: `QC_BY_WORKER; ${REFUSALS}` })
  failQc(@UuidParam('repairId') id: string, @Body() body: FailQualityCheckDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.failQualityCheck(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/pickup')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Hand the piece over: the balance paid, the customer's confirmation, an ID check above the store's value" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: `BALANCE_DUE, ID_CHECK_REQUIRED; ${REFUSALS}` })
  pickup(@UuidParam('repairId') id: string, @Body() body: RecordPickupDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.recordPickup(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel: the piece goes back unrepaired (once the work is finished, only a manager)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiForbiddenResponse({ description: 'CANCEL_AFTER_WORK_NEEDS_MANAGER' })
  @ApiConflictResponse({ description: REFUSALS })
  cancel(@UuidParam('repairId') id: string, @Body() body: CancelRepairDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.cancel(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/custody')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a hand-over: where the piece goes and who has it' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  moveCustody(@UuidParam('repairId') id: string, @Body() body: MoveCustodyDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.moveCustody(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/promised-date')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Promise another date (a later one tells the customer once; a rush needs a manager)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiForbiddenResponse({ description: 'RUSH_NEEDS_MANAGER' })
  @ApiUnprocessableEntityResponse({ description: 'PROMISED_DATE_IN_PAST' })
  promisedDate(@UuidParam('repairId') id: string, @Body() body: ChangePromisedDateDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.changePromisedDate(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/payments')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a payment (a deposit before the work, say)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  @ApiConflictResponse({ description: REFUSALS })
  payment(@UuidParam('repairId') id: string, @Body() body: PaymentDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.recordPayment(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':repairId/contact-attempts')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a call, a letter, a visit: every contact attempt is kept' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: RepairView })
  contactAttempt(@UuidParam('repairId') id: string, @Body() body: ContactAttemptDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.recordContactAttempt(id, body, staff, idempotencyKeyOf(key));
  }
}
