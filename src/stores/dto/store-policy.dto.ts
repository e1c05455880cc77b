import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PRODUCTION_STEP_KINDS } from '../../../workflows/shared/store-policy.js';
import { RequiredText } from '../../platform/http/text-field.js';
import type { PolicyDuration } from '../../../workflows/shared/duration.js';
import { POLICY_DURATION_PATTERN } from '../../../workflows/shared/duration.js';
import { OptionalDuration } from '../../platform/http/policy-duration.js';

const LOCAL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  @ApiPropertyOptional({ example: '21:00', description: 'No texts from this local time (HH:MM).' })
  @Matches(LOCAL_TIME, { message: 'start must be a local time as HH:MM' })
  start!: string;

  @ApiPropertyOptional({ example: '08:00', description: 'Texts again from this local time (HH:MM).' })
  @Matches(LOCAL_TIME, { message: 'end must be a local time as HH:MM' })
  end!: string;
}

export class ProductionStepTemplateDto {
  @ApiPropertyOptional({ example: 'casting' })
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'key must be 1-40 lowercase letters, digits or dashes' })
  key!: string;

  @ApiPropertyOptional({ enum: PRODUCTION_STEP_KINDS })
  @IsIn(PRODUCTION_STEP_KINDS)
  kind!: (typeof PRODUCTION_STEP_KINDS)[number];

  @RequiredText({ maxLength: 100, example: 'Casting' })
  label!: string;

  @ApiPropertyOptional({ example: 5, minimum: 0, maximum: 120 })
  @IsInt()
  @Min(0)
  @Max(120)
  leadDays!: number;
}

/** A change to a store's policy: any value given replaces the store's own, the rest stays. */
export class UpdateStorePolicyDto {
  @ApiPropertyOptional({ type: QuietHoursDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours?: QuietHoursDto;

  @ApiPropertyOptional({ description: 'Repair estimates at or under this (minor units) are approved at once.', example: 5000, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  repairAutoApproveMinor?: number;

  @ApiPropertyOptional({ description: 'Days from take-in to the promised date when none is named.', example: 14, minimum: 1, maximum: 365 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  defaultPromiseDays?: number;

  @ApiPropertyOptional({ description: 'Days from the consultation to the promised date of a custom order when none is named.', example: 42, minimum: 1, maximum: 730 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(730)
  orderPromiseDays?: number;

  @ApiPropertyOptional({ type: [ProductionStepTemplateDto], description: 'The production steps a custom order starts from, in order, with their lead times.' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProductionStepTemplateDto)
  productionSteps?: ProductionStepTemplateDto[];

  @OptionalDuration('Remind the customer of an unanswered estimate after this.')
  estimateReminderAfter?: PolicyDuration;

  @OptionalDuration('An unanswered estimate lapses after this; the piece goes back unrepaired.', '14d')
  estimateExpiresAfter?: PolicyDuration;

  @ApiPropertyOptional({ type: [String], example: ['7d', '30d'], description: 'Reminders to collect a ready piece, counted from the day it became ready.' })
  @IsOptional()
  @ArrayMaxSize(10)
  @Matches(POLICY_DURATION_PATTERN, { each: true, message: 'pickupRemindersAfter must be durations such as 7d' })
  pickupRemindersAfter?: PolicyDuration[];

  @OptionalDuration('A ready piece not collected after this is flagged unclaimed for a manager.', '90d')
  unclaimedAfter?: PolicyDuration;

  @ApiPropertyOptional({ description: 'Deposit before production, in basis points of the quote (5000 = 50%).', example: 5000, minimum: 0, maximum: 10000 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(10_000)
  depositShareBps?: number;

  @ApiPropertyOptional({ type: [Number], example: [2500, 2500, 5000], description: 'A staged payment plan in basis points; the stages add up to 10000.' })
  @IsOptional()
  @ArrayMaxSize(6)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(10_000, { each: true })
  depositPlanBps?: number[];

  @ApiPropertyOptional({ description: 'Pieces declared at or above this (minor units) need an ID check at pickup.', example: 100000, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  idCheckFromMinor?: number;

  @OptionalDuration('How long the shop guarantees its repair work.', '180d')
  warrantyPeriod?: PolicyDuration;

  @ApiPropertyOptional({ description: 'Design revision rounds included in a custom order.', example: 2, minimum: 0, maximum: 20 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(20)
  designRoundsIncluded?: number;

  @ApiPropertyOptional({ description: 'Design (CAD) fee charged up front, minor units.', example: 15000, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  designFeeMinor?: number;

  @ApiPropertyOptional({ description: 'The design fee counts toward the order.', example: true })
  @IsOptional()
  @IsBoolean()
  designFeeCredited?: boolean;

  @OptionalDuration('A care reminder after a custom piece is delivered.', '182d')
  careReminderAfter?: PolicyDuration;

  @OptionalDuration('A thank-you after a custom piece is delivered.', '1d')
  thankYouAfter?: PolicyDuration;

  @OptionalDuration('A message not delivered after this is listed for staff.', '15m')
  messageStuckAfter?: PolicyDuration;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '08:00',
    description: "When the managers' daily digest email (late lists, custody report) goes out, as a local time (HH:MM) in the store's time zone; null turns it off. Default 08:00.",
  })
  @IsOptional()
  @Matches(LOCAL_TIME, { message: 'managerDigestAt must be a local time as HH:MM, or null for no digest' })
  managerDigestAt?: string | null;
}
