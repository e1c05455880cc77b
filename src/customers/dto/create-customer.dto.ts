import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { RequiredText } from '../../platform/http/text-field.js';
import { IsTimeZone } from '../../platform/http/time-zone.js';
import { E164_PHONE_NUMBER } from '../../platform/phone-number.js';
import { AddressDto } from '../../stores/dto/create-store.dto.js';
import { CONSENT_SOURCES } from '../customer-records.entity.js';
import { CONTACT_CHANNELS, type ContactChannel } from '../customer.entity.js';
import { FINGERS, type Finger, ISO_SIZE_RANGE, US_SIZE_RANGE } from '../ring-sizes.js';

export const LANGUAGE_TAG = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,2}$/;

/** A short list of words the shop keeps as entered (metals, colours, styles, stones). */
function WordList(example: string[]): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ type: [String], example, maxItems: 20 })(target, key);
    IsOptional()(target, key);
    IsArray()(target, key);
    ArrayMaxSize(20)(target, key);
    IsString({ each: true })(target, key);
    MaxLength(50, { each: true })(target, key);
  };
}

export class PreferencesDto {
  @WordList(['yellow gold', 'platinum']) metals?: string[];
  @WordList(['rose']) colours?: string[];
  @WordList(['vintage', 'halo']) styles?: string[];
  @WordList(['sapphire']) stones?: string[];
}

export class RingSizeDto {
  @ApiProperty({ enum: FINGERS, example: 'left_ring' })
  @IsIn(FINGERS)
  finger!: Finger;

  @ApiPropertyOptional({ example: 6.5, description: 'US/Canada size, in quarter sizes. Give this, isoMm, or both.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(US_SIZE_RANGE.min)
  @Max(US_SIZE_RANGE.max)
  us?: number;

  @ApiPropertyOptional({ example: 53.1, description: 'ISO 8653: the inside circumference in millimetres.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(ISO_SIZE_RANGE.min)
  @Max(ISO_SIZE_RANGE.max)
  isoMm?: number;
}

export class SizesDto {
  @ApiPropertyOptional({ type: [RingSizeDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => RingSizeDto)
  rings?: RingSizeDto[];

  @ApiPropertyOptional({ example: 16.5, description: 'Wrist circumference in centimetres.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(10)
  @Max(30)
  wristCm?: number;

  @ApiPropertyOptional({ example: 45, description: 'Preferred chain length in centimetres.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 1 })
  @Min(20)
  @Max(120)
  chainLengthCm?: number;
}

/** The customer's details that are not consent (consent changes are recorded with their source). */
export class CustomerDetailsDto {
  @ApiPropertyOptional({ example: 'maria@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, default: 'sms' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  preferredChannel?: ContactChannel;

  @ApiPropertyOptional({ example: 'es-MX', default: 'en', description: 'BCP 47 language tag of the messages the customer gets.' })
  @IsOptional()
  @Matches(LANGUAGE_TAG, { message: 'language must be a language tag such as en or es-MX' })
  language?: string;

  @ApiPropertyOptional({ example: 'America/Chicago', nullable: true, type: String, description: "IANA time zone, when the customer lives outside the store's: their texts keep to quiet hours there." })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timeZone?: string | null;

  @ApiPropertyOptional({ type: PreferencesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PreferencesDto)
  preferences?: PreferencesDto;

  @ApiPropertyOptional({ type: SizesDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SizesDto)
  sizes?: SizesDto;
}

export class CreateCustomerDto extends CustomerDetailsDto {
  @RequiredText({ maxLength: 100, example: 'Maria' })
  firstName!: string;

  @RequiredText({ maxLength: 100, example: 'Lopez' })
  lastName!: string;

  @ApiProperty({ description: 'Mobile number in E.164 form.', example: '+15551234567' })
  @IsString()
  @Matches(E164_PHONE_NUMBER, { message: 'phone must be an E.164 number such as +15551234567' })
  phone!: string;

  @ApiPropertyOptional({
    description: 'Consent to text messages about their own jobs. Defaults to true: a number given at the counter for updates.',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  smsConsent?: boolean;

  @ApiPropertyOptional({ description: 'Consent to email about their own jobs.', default: false })
  @IsOptional()
  @IsBoolean()
  emailConsent?: boolean;

  @ApiPropertyOptional({ enum: CONSENT_SOURCES, default: 'counter', description: 'How the consents above were given.' })
  @IsOptional()
  @IsIn(CONSENT_SOURCES)
  consentSource?: (typeof CONSENT_SOURCES)[number];
}
