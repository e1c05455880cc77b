import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsISO4217CurrencyCode, IsInt, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';

export const MAX_AMOUNT_MINOR = 2_000_000_000;

export class MoneyDto {
  @ApiProperty({ description: 'Amount in minor units (cents): a whole number, never a fraction.', example: 125000, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO 4217 currency code.', example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

/** A money amount that must be more than nothing (a payment). */
export class PositiveMoneyDto extends MoneyDto {
  @ApiProperty({ description: 'Amount in minor units (cents), more than zero.', example: 4500, minimum: 1 })
  @IsInt()
  @Min(1)
  @Max(MAX_AMOUNT_MINOR)
  declare amountMinor: number;
}

export const PRICE_LINE_KINDS = ['labour', 'part', 'finding', 'metal', 'stone', 'design_fee', 'other'] as const;

const METAL_NAMES = ['gold', 'silver', 'platinum', 'palladium'] as const;

/** A metal line priced from the day's metal price: weight x fineness x price per gram + making charge. */
export class MetalPricingDto {
  @ApiProperty({ enum: METAL_NAMES })
  @IsIn(METAL_NAMES)
  metal!: (typeof METAL_NAMES)[number];

  @ApiProperty({ example: 585, description: 'Parts per thousand (585 = 14k).' })
  @IsInt()
  @Min(1)
  @Max(1000)
  fineness!: number;

  @ApiProperty({ example: 1200, description: 'Weight in milligrams (1.2 g = 1200).' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  weightMg!: number;

  @ApiPropertyOptional({ example: 2500, default: 0, description: 'Added to the metal value, minor units.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  makingChargeMinor?: number;
}

export class PriceLineDto {
  @ApiProperty({ enum: PRICE_LINE_KINDS, example: 'labour' })
  @IsIn(PRICE_LINE_KINDS)
  kind!: (typeof PRICE_LINE_KINDS)[number];

  @RequiredText({ maxLength: 200, example: 'Size from 7 to 5.5' })
  description!: string;

  @ApiProperty({ example: 1, minimum: 1, maximum: 1000 })
  @IsInt()
  @Min(1)
  @Max(1_000)
  quantity!: number;

  @ApiPropertyOptional({ description: 'Price of one, in minor units of the store currency. Give this, or metalPricing for a metal line.', example: 4500, minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_AMOUNT_MINOR)
  unitMinor?: number;

  @ApiPropertyOptional({ type: MetalPricingDto, description: "A metal line priced from the store's metal price of the day (the line's price and inputs are filled in)." })
  @IsOptional()
  @ValidateNested()
  @Type(() => MetalPricingDto)
  metalPricing?: MetalPricingDto;
}

export const PAYMENT_KIND_VALUES = ['deposit', 'balance', 'design_fee', 'refund'] as const;
export const PAYMENT_METHOD_VALUES = ['cash', 'card', 'bank_transfer', 'store_credit', 'other'] as const;

/** Money taken, when what it is for is known from where it is sent (a design fee at the consultation). */
export class PaymentTakenDto {
  @ApiProperty({ type: PositiveMoneyDto })
  @ValidateNested()
  @Type(() => PositiveMoneyDto)
  amount!: PositiveMoneyDto;

  @ApiProperty({ enum: PAYMENT_METHOD_VALUES, example: 'card' })
  @IsIn(PAYMENT_METHOD_VALUES)
  method!: (typeof PAYMENT_METHOD_VALUES)[number];

  @OptionalText({ maxLength: 100, example: 'card ending 4242' })
  reference?: string;
}

export class PaymentDto extends PaymentTakenDto {
  @ApiProperty({ enum: PAYMENT_KIND_VALUES, example: 'balance' })
  @IsIn(PAYMENT_KIND_VALUES)
  kind!: (typeof PAYMENT_KIND_VALUES)[number];
}

export const HOLDER_KINDS = ['staff', 'store'] as const;

export class HolderDto {
  @ApiProperty({ enum: HOLDER_KINDS, example: 'store', description: 'Who answers for the piece: a staff member, or the shop itself (a safe, a case).' })
  @IsIn(HOLDER_KINDS)
  kind!: (typeof HOLDER_KINDS)[number];

  @ApiPropertyOptional({ format: 'uuid', description: 'The staff member, when kind is staff.' })
  @IsOptional()
  @IsUUID()
  staffId?: string;
}

export const STAFF_DECISION_CHANNELS = ['counter', 'phone'] as const;

export const MOVABLE_LOCATIONS = ['counter', 'safe', 'bench', 'display', 'in_transit'] as const;

export class MoveCustodyDto {
  @ApiProperty({ enum: MOVABLE_LOCATIONS, example: 'safe', description: 'Where the piece goes (the vendor and the customer have their own actions).' })
  @IsIn(MOVABLE_LOCATIONS)
  location!: (typeof MOVABLE_LOCATIONS)[number];

  @ApiProperty({ type: HolderDto })
  @ValidateNested()
  @Type(() => HolderDto)
  holder!: HolderDto;

  @OptionalText({ maxLength: 200, example: 'Safe 1, drawer 3' })
  detail?: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class PickupConfirmationDto {
  @OptionalText({ maxLength: 200, example: 'Maria Lopez', description: "The customer's name as they typed it." })
  typedName?: string;

  @OptionalText({ maxLength: 64, example: 'photo-7f3a', description: 'A drawn signature, uploaded as an image.' })
  signaturePhotoId?: string;
}

export class ChangePromisedDateDto {
  @ApiProperty({ example: '2026-12-20', description: "The new promised date (YYYY-MM-DD, the store's calendar)." })
  @Matches(DATE, { message: 'promisedBy must be a date as YYYY-MM-DD' })
  promisedBy!: string;

  @RequiredText({ maxLength: 500, example: 'Waiting for a replacement stone' })
  reason!: string;
}

export const CONTACT_CHANNELS = ['phone', 'sms', 'email', 'letter', 'in_person'] as const;

export class ContactAttemptDto {
  @ApiProperty({ enum: CONTACT_CHANNELS })
  @IsIn(CONTACT_CHANNELS)
  channel!: (typeof CONTACT_CHANNELS)[number];

  @RequiredText({ maxLength: 500, example: 'No answer, left a voicemail' })
  outcome!: string;
}
