import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { PaymentDto, PickupConfirmationDto, PriceLineDto, STAFF_DECISION_CHANNELS } from '../../jobs/dto/job-parts.dto.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class ProvideEstimateDto {
  @ApiProperty({ type: [PriceLineDto], description: 'Labour, parts, findings, metal, stones: the total is computed, never typed.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriceLineDto)
  lines!: PriceLineDto[];

  @OptionalText({ maxLength: 1000, example: 'Two prongs worn thin; retipping all four' })
  note?: string;
}

export class EstimateDecisionDto {
  @ApiProperty({ example: 'estimate-1', description: 'The estimate answered (its id from the repair).' })
  @Matches(/^estimate-\d{1,4}$/, { message: 'approvalId must be an estimate id such as estimate-1' })
  approvalId!: string;

  @ApiProperty({ enum: ['approve', 'decline'] })
  @IsIn(['approve', 'decline'])
  decision!: 'approve' | 'decline';

  @ApiProperty({ enum: STAFF_DECISION_CHANNELS, description: 'How the customer gave their answer to the staff member recording it.' })
  @IsIn(STAFF_DECISION_CHANNELS)
  channel!: (typeof STAFF_DECISION_CHANNELS)[number];

  @OptionalText({ maxLength: 1000, example: 'Customer approved by phone' })
  comment?: string;
}

export class AssignBenchDto {
  @ApiProperty({ format: 'uuid', description: 'The bench jeweler (a staff account) who takes the work.' })
  @IsUUID()
  jewelerId!: string;
}

export class SendToVendorDto {
  @RequiredText({ maxLength: 100, example: 'Stone Setters Ltd', description: 'The trade shop or vendor doing the work.' })
  vendorName!: string;

  @RequiredText({ maxLength: 100, example: 'SS-2291', description: "The vendor's reference for the job." })
  reference!: string;

  @ApiProperty({ example: '2026-12-15', description: "Expected back (YYYY-MM-DD, the store's calendar)." })
  @Matches(DATE, { message: 'expectedBackOn must be a date as YYYY-MM-DD' })
  expectedBackOn!: string;
}

export class ReceiveFromVendorDto {
  @ApiPropertyOptional({ enum: ['quality_check', 'bench'], default: 'quality_check', description: 'Straight to quality check (the vendor did the work) or back to the bench.' })
  @IsOptional()
  @IsIn(['quality_check', 'bench'])
  next?: 'quality_check' | 'bench';

  @OptionalText({ maxLength: 1000, example: 'Stones reset, paperwork in the envelope' })
  note?: string;
}

export class FinishWorkDto {
  @OptionalText({ maxLength: 1000, example: 'Sized and retipped' })
  note?: string;
}

export class PassQualityCheckDto {
  @ApiPropertyOptional({ type: [String], example: ['8a6f0a0e-1d2b-4a7e-9f4e-2c1b9a7d5e31'], description: 'Completion photos (ids from the photo upload); the customer sees them.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Matches(/^[\w-]{1,64}$/, { each: true, message: 'completionPhotoIds must be photo ids' })
  completionPhotoIds?: string[];

  @OptionalText({ maxLength: 1000, example: 'Prongs secure, size checked on the mandrel' })
  note?: string;
}

export class FailQualityCheckDto {
  @RequiredText({ maxLength: 1000, example: 'One prong still loose', description: 'What must be done again.' })
  reason!: string;
}

export class RecordPickupDto {
  @ApiProperty({ type: [PaymentDto], description: 'Payments taken at the counter now (the balance).' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PaymentDto)
  payments!: PaymentDto[];

  @ApiProperty({ type: PickupConfirmationDto })
  @ValidateNested()
  @Type(() => PickupConfirmationDto)
  confirmation!: PickupConfirmationDto;

  @ApiProperty({ description: "Photo ID checked (needed at or above the store's ID-check value).", example: true })
  @IsBoolean()
  idChecked!: boolean;

  @OptionalText({ maxLength: 500, example: 'Goodwill: the piece waited two weeks for a part', description: 'A manager may hand over with a balance unpaid, saying why.' })
  waiveBalanceReason?: string;
}

export class CancelRepairDto {
  @RequiredText({ maxLength: 1000, example: 'Customer decided to keep the ring as it is' })
  reason!: string;
}

export { ChangePromisedDateDto, ContactAttemptDto, CONTACT_CHANNELS, PickupConfirmationDto } from '../../jobs/dto/job-parts.dto.js';
