import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { MAX_AMOUNT_MINOR, MoneyDto, PaymentDto, PaymentTakenDto, PickupConfirmationDto, PositiveMoneyDto, PriceLineDto, STAFF_DECISION_CHANNELS } from '../../jobs/dto/job-parts.dto.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { OCCASION_KINDS } from '../../customers/customer-records.entity.js';
import { PRODUCTION_STEP_KINDS } from '../../../workflows/shared/store-policy.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class OrderOccasionDto {
  @ApiProperty({ enum: OCCASION_KINDS, example: 'engagement' })
  @IsIn(OCCASION_KINDS)
  kind!: (typeof OCCASION_KINDS)[number];

  @ApiPropertyOptional({ example: '2027-02-14', description: 'YYYY-MM-DD; kept on the customer for next year.' })
  @IsOptional()
  @Matches(DATE, { message: 'occasion.date must be a date as YYYY-MM-DD' })
  date?: string;
}

export class OrderBudgetDto {
  @ApiProperty({ example: 300_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  minMinor!: number;

  @ApiProperty({ example: 450_000 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  maxMinor!: number;
}

export class OwnMaterialDto {
  @RequiredText({ maxLength: 500, example: "Customer's 1.2 ct round diamond, GIA 2141438171" })
  description!: string;

  @ApiProperty({ type: PositiveMoneyDto, description: 'What the customer declares it worth (insurance).' })
  @ValidateNested()
  @Type(() => PositiveMoneyDto)
  declaredValue!: PositiveMoneyDto;
}

/** The consultation: one order, its brief, the customer's own materials taken into the shop's care. */
export class TakeOrderDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The store taking the order. Default: the main store.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @RequiredText({ maxLength: 200, example: 'Engagement ring, platinum solitaire', description: 'Short words for lists and labels.' })
  summary!: string;

  @RequiredText({ maxLength: 4000, example: 'Like her grandmother’s ring, but lower so it does not catch', description: "What the customer asked for, in their words." })
  customerWords!: string;

  @RequiredText({ maxLength: 4000, example: 'Pt950, 6-prong low cathedral, size 6, customer’s 1.2 ct round', description: "The jeweler's working spec." })
  spec!: string;

  @ApiPropertyOptional({ type: OrderOccasionDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderOccasionDto)
  occasion?: OrderOccasionDto;

  @ApiPropertyOptional({ type: OrderBudgetDto, description: "In the store's currency, minor units." })
  @IsOptional()
  @ValidateNested()
  @Type(() => OrderBudgetDto)
  budget?: OrderBudgetDto;

  @ApiPropertyOptional({ type: [OwnMaterialDto], description: "The customer's own stones or metal to use." })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => OwnMaterialDto)
  ownMaterials?: OwnMaterialDto[];

  @ApiPropertyOptional({ example: '2027-01-31', description: "Promised date (YYYY-MM-DD, the store's calendar). Default: the store's default delay." })
  @IsOptional()
  @Matches(DATE, { message: 'promisedBy must be a date as YYYY-MM-DD' })
  promisedBy?: string;

  @ApiPropertyOptional({ type: PaymentTakenDto, description: 'The design fee taken at the consultation (it counts toward the price).' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PaymentTakenDto)
  designFee?: PaymentTakenDto;
}

export class AddDesignVersionDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [], description: 'Renders and CAD exports, uploaded as photos of the order.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  fileIds?: string[];

  @RequiredText({ maxLength: 4000, example: 'Low cathedral, six claw prongs, knife-edge band' })
  notes!: string;

  @ApiProperty({ type: [PriceLineDto], description: 'The quote of this version: the total is computed, never typed.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriceLineDto)
  lines!: PriceLineDto[];

  @OptionalText({ maxLength: 500, example: 'Third round, USD 150, agreed by phone', description: 'Needed for a round beyond those the store includes.' })
  extraRoundAgreement?: string;
}

class CustomerAnswerDto {
  @ApiProperty({ enum: ['approve', 'request_changes'] })
  @IsIn(['approve', 'request_changes'])
  decision!: 'approve' | 'request_changes';

  @ApiProperty({ enum: STAFF_DECISION_CHANNELS, description: 'How the customer gave their answer to the staff member recording it.' })
  @IsIn(STAFF_DECISION_CHANNELS)
  channel!: (typeof STAFF_DECISION_CHANNELS)[number];

  @OptionalText({ maxLength: 1000, example: 'Lower the setting a little' })
  comment?: string;
}

export class DesignDecisionDto extends CustomerAnswerDto {
  @ApiProperty({ example: 'design-2', description: 'The version answered: only the latest can be.' })
  @Matches(/^design-\d{1,4}$/, { message: 'approvalId must be a design id such as design-2' })
  approvalId!: string;
}

export class TryOnDecisionDto extends CustomerAnswerDto {
  @ApiProperty({ example: 'try_on-1' })
  @Matches(/^try_on-\d{1,4}$/, { message: 'approvalId must be a try-on id such as try_on-1' })
  approvalId!: string;
}

export class ProductionStepDto {
  @ApiProperty({ example: 'casting', description: 'Unique within the order: letters, digits, dashes.' })
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'key must be 1-40 lowercase letters, digits or dashes' })
  key!: string;

  @ApiProperty({ enum: PRODUCTION_STEP_KINDS })
  @IsIn(PRODUCTION_STEP_KINDS)
  kind!: (typeof PRODUCTION_STEP_KINDS)[number];

  @RequiredText({ maxLength: 100, example: 'Casting' })
  label!: string;

  @ApiProperty({ example: 5, minimum: 0, maximum: 120, description: 'Days it usually takes: the steps together feed the promised date.' })
  @IsInt()
  @Min(0)
  @Max(120)
  leadDays!: number;
}

export class StartProductionDto {
  @ApiPropertyOptional({ type: [ProductionStepDto], description: "The steps, in order. Default: the store's production steps." })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ProductionStepDto)
  steps?: ProductionStepDto[];

  @ApiProperty({ description: 'The customer tries a wax or printed model on before casting.' })
  @IsBoolean()
  tryOn!: boolean;
}

export class StartStepDto {
  @ApiProperty({ format: 'uuid', description: 'The artisan (a staff account) who does the step.' })
  @IsUUID()
  artisanId!: string;
}

export class StepNoteDto {
  @OptionalText({ maxLength: 1000, example: 'Cast clean, no porosity' })
  note?: string;
}

export class StepToVendorDto {
  @RequiredText({ maxLength: 100, example: 'Castings & Co' })
  vendorName!: string;

  @RequiredText({ maxLength: 100, example: 'CC-88' })
  reference!: string;

  @ApiProperty({ example: '2026-12-15', description: "Expected back (YYYY-MM-DD, the store's calendar)." })
  @Matches(DATE, { message: 'expectedBackOn must be a date as YYYY-MM-DD' })
  expectedBackOn!: string;
}

export class OrderQcPassDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', example: [], description: 'Photos of the finished piece (the customer sees them).' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  completionPhotoIds?: string[];

  @OptionalText({ maxLength: 1000, example: 'Polished, stones tight, size 6 on the mandrel' })
  note?: string;
}

export class OrderQcFailDto {
  @ApiProperty({ example: 'setting', description: 'The step the piece goes back to.' })
  @Matches(/^[a-z0-9-]{1,40}$/, { message: 'backToStep must be a step key' })
  backToStep!: string;

  @RequiredText({ maxLength: 1000, example: 'A prong is loose' })
  reason!: string;
}

export class HandOverDto {
  @ApiProperty({ enum: ['pickup', 'shipping'] })
  @IsIn(['pickup', 'shipping'])
  method!: 'pickup' | 'shipping';

  @OptionalText({ maxLength: 60, example: 'FedEx' })
  carrier?: string;

  @OptionalText({ maxLength: 100, example: '7711 2233 4455' })
  trackingNumber?: string;

  @ApiProperty({ type: [PaymentDto], description: 'Payments taken now (the balance).' })
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => PaymentDto)
  payments!: PaymentDto[];

  @ApiProperty({ type: PickupConfirmationDto })
  @ValidateNested()
  @Type(() => PickupConfirmationDto)
  confirmation!: PickupConfirmationDto;

  @ApiProperty({ description: "Photo ID checked (needed at or above the store's ID-check value)." })
  @IsBoolean()
  idChecked!: boolean;
}

export class CancelOrderDto {
  @RequiredText({ maxLength: 1000, example: 'The engagement is off' })
  reason!: string;

  @ApiPropertyOptional({ type: MoneyDto, description: 'After production started (a manager): what the shop keeps for the work done.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  keep?: MoneyDto;
}
