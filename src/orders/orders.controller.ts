import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ChangePromisedDateDto, ContactAttemptDto, MoveCustodyDto, PaymentDto } from '../jobs/dto/job-parts.dto.js';
import { ListJobsQuery, jobFiltersOf } from '../jobs/dto/list-jobs.dto.js';
import { JobQueries } from '../jobs/job-queries.service.js';
import { JobTimeline, TimelineView } from '../jobs/job-timeline.service.js';
import { JobPageView, JobView } from '../jobs/job.view.js';
import { JobsService } from '../jobs/jobs.service.js';
import { IMAGE_TYPES } from '../photos/image-types.js';
import { PhotoView } from '../photos/photo.view.js';
import { CurrentStaff, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { idempotencyKeyOf } from '../platform/http/idempotency-key.js';
import { PatternParam, UuidParam } from '../platform/http/uuid-param.js';
import {
  AddDesignVersionDto,
  CancelOrderDto,
  DesignDecisionDto,
  HandOverDto,
  OrderQcFailDto,
  OrderQcPassDto,
  StartProductionDto,
  StartStepDto,
  StepNoteDto,
  StepToVendorDto,
  TakeOrderDto,
  TryOnDecisionDto,
} from './dto/order.dto.js';
import { OrderActions } from './order-actions.service.js';
import { OrderTakeIn } from './order-take-in.service.js';
import { OrderView } from './order.view.js';

const KEY = { name: 'Idempotency-Key', required: false, description: 'Repeat the request safely: the same key acts once and answers the same.' } as const;
const REFUSALS =
  'STAGE_TRANSITION_NOT_ALLOWED (with currentStage and allowedActions), or a rule of the trade (DESIGN_NOT_APPROVED, DEPOSIT_MISSING, STALE_APPROVAL_REQUEST, STEP_OUT_OF_ORDER, QC_BY_WORKER, BALANCE_DUE, ID_CHECK_REQUIRED...), or JOB_CLOSED';
const StepKey = () => PatternParam('stepKey', /^[a-z0-9-]{1,40}$/, 'a step key (lowercase letters, digits, dashes)');

/** One route per thing a shop does with a custom order; each answers with the order as it is after it. */
@ApiTags('orders')
@ApiBearerAuth()
@ApiNotFoundResponse({ description: 'ORDER_NOT_FOUND' })
@ApiServiceUnavailableResponse({ description: 'WORKFLOW_UNAVAILABLE, or ACTION_UNCONFIRMED (retry with the same Idempotency-Key)' })
@StoreScoped('order', 'orderId')
@Controller('orders')
export class OrdersController {
  constructor(
    private readonly takeIns: OrderTakeIn,
    private readonly actions: OrderActions,
    private readonly queries: JobQueries,
    private readonly jobs: JobsService,
    private readonly timeline: JobTimeline,
    private readonly config: AppConfig,
  ) {}

  @Post()
  @ApiOperation({ summary: "Take an order at the consultation: the brief, the customer's own materials, the promised date" })
  @ApiHeader(KEY)
  @ApiCreatedResponse({ type: OrderView, description: 'Taken; the order has its workflow.' })
  @ApiOkResponse({ type: OrderView, description: 'A repeat of an earlier order with the same Idempotency-Key.' })
  @ApiForbiddenResponse({ description: 'RUSH_NEEDS_MANAGER' })
  @ApiUnprocessableEntityResponse({ description: 'IDEMPOTENCY_KEY_REUSED with another body, or PROMISED_DATE_IN_PAST' })
  async take(@Body() body: TakeOrderDto, @CurrentStaff() staff: StaffMember, @Res({ passthrough: true }) reply: FastifyReply, @Headers('idempotency-key') key?: string): Promise<OrderView> {
    const { jobId, replayed } = await this.takeIns.take(body, staff, idempotencyKeyOf(key));
    void reply.status(replayed ? HttpStatus.OK : HttpStatus.CREATED);
    if (replayed) void reply.header('Idempotent-Replayed', 'true');
    return this.actions.read(jobId, staff);
  }

  @Get()
  @ApiOkResponse({ type: JobPageView, description: 'Orders from the projection, filtered and paged.' })
  async list(@Query() query: ListJobsQuery, @CurrentStaff() staff: StaffMember): Promise<JobPageView> {
    const page = await this.queries.list(jobFiltersOf(query, staff, 'custom_order'), query.sort, query.limit, query.cursor);
    return { jobs: page.jobs.map((job) => JobView.of(job, this.config)), nextCursor: page.nextCursor };
  }

  @Get(':orderId')
  @ApiOkResponse({ type: OrderView })
  read(@UuidParam('orderId') orderId: string, @CurrentStaff() staff: StaffMember): Promise<OrderView> {
    return this.actions.read(orderId, staff);
  }

  @Get(':orderId/history')
  @ApiOkResponse({ type: TimelineView, description: 'Every fact of the journal and every message, oldest first.' })
  async history(@UuidParam('orderId') orderId: string, @CurrentStaff() staff: StaffMember): Promise<TimelineView> {
    return this.timeline.of(await this.jobs.require(orderId, staff, 'custom_order'));
  }

  @Post(':orderId/photos')
  @ApiOperation({ summary: 'Add a design file (render, CAD export as an image), a photo of the finished piece or a drawn signature' })
  @ApiConsumes(...IMAGE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: PhotoView })
  @ApiBadRequestResponse({ description: 'PHOTO_CONTENT_INVALID (the bytes are not the image type sent); 413 BODY_TOO_LARGE over the limit; 415 UNSUPPORTED_MEDIA_TYPE for a body that is not an image type' })
  addPhoto(@UuidParam('orderId') id: string, @Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentStaff() staff: StaffMember): Promise<PhotoView> {
    return this.actions.addPhoto(id, body, contentType, staff);
  }

  @Post(':orderId/designs')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a design version with its quote; rounds beyond those included need a recorded agreement' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: `EXTRA_ROUND_NEEDS_AGREEMENT; ${REFUSALS}` })
  addDesign(@UuidParam('orderId') id: string, @Body() body: AddDesignVersionDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.addDesignVersion(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/designs/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Record the customer's answer to the latest design version, given at the counter or by phone" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView, description: 'A second answer to the same version changes nothing and shows the first.' })
  @ApiConflictResponse({ description: `STALE_APPROVAL_REQUEST (with latestRequestId); ${REFUSALS}` })
  decideDesign(@UuidParam('orderId') id: string, @Body() body: DesignDecisionDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.decideDesign(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/production')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start production with its steps, once the latest design is approved and the deposit paid' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: `DESIGN_NOT_APPROVED or DEPOSIT_MISSING (with what is missing); ${REFUSALS}` })
  startProduction(@UuidParam('orderId') id: string, @Body() body: StartProductionDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.startProduction(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/steps/:stepKey/start')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Start the next production step at an artisan’s bench' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: `STEP_OUT_OF_ORDER; ${REFUSALS}` })
  startStep(@UuidParam('orderId') id: string, @StepKey() stepKey: string, @Body() body: StartStepDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.startStep(id, stepKey, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/steps/:stepKey/finish')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Finish a production step (after a wax or print step with a try-on, the customer is asked)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: REFUSALS })
  finishStep(@UuidParam('orderId') id: string, @StepKey() stepKey: string, @Body() body: StepNoteDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.finishStep(id, stepKey, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/steps/:stepKey/vendor')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Send a production step out to a vendor (casting house, setter)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: REFUSALS })
  stepToVendor(@UuidParam('orderId') id: string, @StepKey() stepKey: string, @Body() body: StepToVendorDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.sendStepToVendor(id, stepKey, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/steps/:stepKey/vendor/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Receive a step back from its vendor (the step is done)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: REFUSALS })
  stepFromVendor(@UuidParam('orderId') id: string, @StepKey() stepKey: string, @Body() body: StepNoteDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.receiveStepFromVendor(id, stepKey, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/try-on/decision')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Record the customer's answer to the try-on of the model" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: REFUSALS })
  decideTryOn(@UuidParam('orderId') id: string, @Body() body: TryOnDecisionDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.decideTryOn(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/quality-check/pass')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Pass the quality check (not by the last step's artisans): ready for the customer" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: `QC_BY_WORKER; ${REFUSALS}` })
  passQc(@UuidParam('orderId') id: string, @Body() body: OrderQcPassDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.passQualityCheck(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/quality-check/fail')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Fail the quality check: back to the step the checker names, with the reason' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiBadRequestResponse({ description: 'UNKNOWN_STEP (a step the order does not have)' })
  @ApiConflictResponse({ description: `QC_BY_WORKER; ${REFUSALS}` })
  failQc(@UuidParam('orderId') id: string, @Body() body: OrderQcFailDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.failQualityCheck(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/hand-over')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Hand the piece over, at the counter or by a carrier: the balance paid, the customer's confirmation" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: `BALANCE_DUE, ID_CHECK_REQUIRED; ${REFUSALS}` })
  handOver(@UuidParam('orderId') id: string, @Body() body: HandOverDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.handOver(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Cancel: before production the deposit is refunded by policy; after, only a manager, keeping an amount for the work done' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiForbiddenResponse({ description: 'CANCEL_IN_PRODUCTION_NEEDS_MANAGER' })
  @ApiConflictResponse({ description: REFUSALS })
  cancel(@UuidParam('orderId') id: string, @Body() body: CancelOrderDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.cancel(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/custody')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Record a hand-over of what the shop holds for the order (the customer's stone, the piece)" })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiConflictResponse({ description: REFUSALS })
  moveCustody(@UuidParam('orderId') id: string, @Body() body: MoveCustodyDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.moveCustody(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/promised-date')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Promise another date (a later one tells the customer once; a rush needs a manager)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiForbiddenResponse({ description: 'RUSH_NEEDS_MANAGER' })
  promisedDate(@UuidParam('orderId') id: string, @Body() body: ChangePromisedDateDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.changePromisedDate(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/payments')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a payment (the deposit, a stage of the plan)' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  @ApiBadRequestResponse({ description: 'A deposit that would take the payments over the quote' })
  payment(@UuidParam('orderId') id: string, @Body() body: PaymentDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.recordPayment(id, body, staff, idempotencyKeyOf(key));
  }

  @Post(':orderId/contact-attempts')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Record a call, a letter, a visit' })
  @ApiHeader(KEY)
  @ApiOkResponse({ type: OrderView })
  contactAttempt(@UuidParam('orderId') id: string, @Body() body: ContactAttemptDto, @CurrentStaff() staff: StaffMember, @Headers('idempotency-key') key?: string) {
    return this.actions.recordContactAttempt(id, body, staff, idempotencyKeyOf(key));
  }
}
