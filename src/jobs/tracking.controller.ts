import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiNotFoundResponse, ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { randomUUID } from 'node:crypto';
import { CurrentStaff, PublicRoute, Roles, type StaffMember, StoreScoped } from '../platform/auth/staff-auth.guard.js';
import { AppConfig } from '../platform/config/app-config.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { RequiredText } from '../platform/http/text-field.js';
import { UuidParam } from '../platform/http/uuid-param.js';
import { invalidLinkPage, trackingPage } from './tracking-page.js';
import { type TrackingModel, TrackingService } from './tracking.service.js';
import { trackingUrl } from './tracking-url.js';

class TrackingLineView {
  @ApiProperty({ example: 'Size up two sizes' }) description!: string;
  @ApiProperty({ example: 1 }) quantity!: number;
  @ApiProperty({ example: 4500 }) unitMinor!: number;
}

class TrackingQuoteView {
  @ApiProperty({ type: TrackingLineView, isArray: true }) lines!: TrackingLineView[];
  @ApiProperty({ example: 'USD' }) currency!: string;
  @ApiProperty({ example: 4500 }) totalMinor!: number;
}

class TrackingQuestionView {
  @ApiProperty({ example: 'estimate-1' }) approvalId!: string;
  @ApiProperty({ example: 'the estimate' }) question!: string;
  @ApiPropertyOptional({ type: TrackingQuoteView, nullable: true }) quote!: TrackingQuoteView | null;
  @ApiProperty({ example: 'Decline' }) declineLabel!: string;
}

class TrackingStepView {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ example: 'At the bench' }) label!: string;
}

export class TrackingView {
  @ApiProperty({ example: 'R-001234-1' }) number!: string;
  @ApiProperty({ example: 'Gold ring' }) item!: string;
  @ApiProperty({ example: 'Maria', description: 'The only personal data the page shows.' }) firstName!: string;
  @ApiProperty({ example: 'At the bench' }) stageLabel!: string;
  @ApiProperty({ example: 'in_work' }) stage!: string;
  @ApiPropertyOptional({ nullable: true, type: String, example: '2026-12-07' }) promisedBy!: string | null;
  @ApiProperty() closed!: boolean;
  @ApiProperty({ example: 'Goldsmith & Co' }) storeName!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) storePhone!: string | null;
  @ApiProperty({ type: TrackingStepView, isArray: true, description: 'Stages so far, oldest first.' }) timeline!: TrackingStepView[];
  @ApiProperty({ type: String, isArray: true, description: 'Completion photos, at /track/{token}/photos/{photoId}.' }) completionPhotoIds!: string[];
  @ApiPropertyOptional({ type: TrackingQuestionView, nullable: true, description: 'What the customer is asked to answer now.' }) question!: TrackingQuestionView | null;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TrackingAnswerDto {
  @ApiProperty({ example: 'estimate-1', description: 'The question answered, as the page showed it.' })
  @Matches(/^[a-z_]{1,20}-\d{1,6}$/, { message: 'approvalId must be the id the page showed, such as estimate-1' })
  approvalId!: string;

  @ApiProperty({ enum: ['approve', 'decline'] })
  @IsIn(['approve', 'decline'])
  decision!: 'approve' | 'decline';

  @RequiredText({ maxLength: 100, example: 'Maria Lopez', description: 'The customer signs by typing their name.' })
  typedName!: string;

  @ApiPropertyOptional({ type: String, maxLength: 1000, example: 'Please keep the old shank.' })
  // A form sends its empty textarea as "": the same as no comment.
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() || undefined : value))
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  comment?: string;

  @ApiProperty({ format: 'uuid', description: 'One per page load: the same submission twice is answered once.' })
  @IsUUID()
  answerId!: string;
}

export class TrackingAnswerView {
  @ApiProperty({ enum: ['approved', 'declined'] }) answered!: 'approved' | 'declined';
}

export class TrackingLinkView {
  @ApiProperty({ example: 'https://shop.example/track/k7Qm2xWc9Zr4Tn8Yb3Hd6Jf1Lp5Sv0Ga' }) trackingUrl!: string;
}

const wantsHtml = (accept: string | undefined) => typeof accept === 'string' && accept.includes('text/html');

/**
 * The customer's view through their tracking link: an HTML page for people (what every text and
 * email links to), the same data as JSON for programs. No personal data beyond the first name.
 */
@ApiTags('tracking')
@Controller()
export class TrackingController {
  constructor(
    private readonly tracking: TrackingService,
    private readonly config: AppConfig,
  ) {}

  @Get('track/:token')
  @PublicRoute()
  @ApiProduces('application/json', 'text/html')
  @ApiOkResponse({ type: TrackingView, description: 'HTML when the client accepts text/html (a browser), else JSON.' })
  @ApiNotFoundResponse({ description: 'TRACKING_NOT_FOUND (also a revoked link)' })
  async track(@Param('token') token: string, @Query('answered') answered: string | undefined, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    let model: TrackingModel;
    try {
      model = await this.tracking.model(token);
    } catch (error) {
      if (wantsHtml(accept) && error instanceof DomainError && error.code === 'TRACKING_NOT_FOUND') return html(reply, 404, invalidLinkPage());
      throw error;
    }
    if (!wantsHtml(accept)) return void (await reply.header('cache-control', 'no-store').send(viewOf(model)));
    const shownAnswer = answered === 'approved' || answered === 'declined' ? answered : undefined;
    await html(reply, 200, trackingPage(model, { answered: shownAnswer, answerId: randomUUID() }));
  }

  @Post('track/:token/answer')
  @PublicRoute()
  @HttpCode(200)
  @ApiOkResponse({ type: TrackingAnswerView, description: 'JSON clients; a browser form is redirected (303) back to the page.' })
  @ApiConflictResponse({ description: 'ANSWER_NOT_PENDING: answered already, or a newer version replaced it' })
  @ApiNotFoundResponse({ description: 'TRACKING_NOT_FOUND' })
  async answer(@Param('token') token: string, @Body() body: TrackingAnswerDto, @Headers('accept') accept: string | undefined, @Res() reply: FastifyReply): Promise<void> {
    try {
      const answered = await this.tracking.answer(token, body);
      if (wantsHtml(accept)) return void (await reply.status(303).header('location', `/track/${token}?answered=${answered}`).send());
      await reply.send({ answered });
    } catch (error) {
      if (!wantsHtml(accept) || !(error instanceof DomainError)) throw error;
      if (error.code === 'TRACKING_NOT_FOUND') return html(reply, 404, invalidLinkPage());
      const model = await this.tracking.model(token);
      await html(reply, error.code === 'ANSWER_NOT_PENDING' ? 409 : 400, trackingPage(model, { answerId: randomUUID(), error: error.message }));
    }
  }

  @Get('track/:token/photos/:photoId')
  @PublicRoute()
  @ApiProduces('image/jpeg', 'image/png', 'image/webp', 'image/heic')
  @ApiOkResponse({ description: 'A completion photo of this job.', schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'TRACKING_NOT_FOUND' })
  async photo(@Param('token') token: string, @UuidParam('photoId') photoId: string, @Res() reply: FastifyReply): Promise<void> {
    const { contentType, body } = await this.tracking.photo(token, photoId);
    await reply.header('content-type', contentType).header('x-content-type-options', 'nosniff').header('cache-control', 'private, max-age=3600').send(body);
  }

  @Post('jobs/:jobId/tracking-link')
  @ApiBearerAuth()
  @StoreScoped('job', 'jobId')
  @Roles('associate', 'manager', 'owner')
  @HttpCode(200)
  @ApiOkResponse({ type: TrackingLinkView, description: 'A new tracking link; the old one shows "link no longer valid" from now on.' })
  @ApiNotFoundResponse({ description: 'JOB_NOT_FOUND' })
  async rotateLink(@UuidParam('jobId') jobId: string, @CurrentStaff() _staff: StaffMember): Promise<TrackingLinkView> {
    const job = await this.tracking.rotate(jobId);
    return { trackingUrl: trackingUrl(this.config, job.trackingToken) };
  }
}

function viewOf(model: TrackingModel): TrackingView {
  return {
    number: model.number,
    item: model.item,
    firstName: model.firstName,
    stage: model.stage,
    stageLabel: model.stageLabel,
    promisedBy: model.promisedBy,
    closed: model.closed,
    storeName: model.store.name,
    storePhone: model.store.phone,
    timeline: model.timeline,
    completionPhotoIds: model.completionPhotoIds,
    question: model.question,
    updatedAt: model.updatedAt,
  };
}

async function html(reply: FastifyReply, status: number, page: string): Promise<void> {
  await reply
    .status(status)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-frame-options', 'DENY')
    .send(page);
}
