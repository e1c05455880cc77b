import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsISO4217CurrencyCode, IsObject, IsOptional, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { E164_PHONE_NUMBER } from '../../platform/phone-number.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { IsTimeZone } from '../../platform/http/time-zone.js';

export class AddressDto {
  @OptionalText({ maxLength: 200, example: '1 Main Street' }) line1?: string;
  @OptionalText({ maxLength: 200, example: 'Suite 2' }) line2?: string;
  @OptionalText({ maxLength: 100, example: 'Springfield' }) city?: string;
  @OptionalText({ maxLength: 100, example: 'IL' }) region?: string;
  @OptionalText({ maxLength: 20, example: '62701' }) postalCode?: string;

  @ApiPropertyOptional({ example: 'US', description: 'ISO 3166-1 alpha-2.' })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be a two-letter ISO country code such as US' })
  country?: string;
}

export class CreateStoreDto {
  @ApiProperty({ example: 'DT', description: 'Short code on tickets and labels: 2 to 8 capital letters or digits.' })
  @Matches(/^[A-Z0-9]{2,8}$/, { message: 'code must be 2 to 8 capital letters or digits' })
  code!: string;

  @RequiredText({ maxLength: 100, example: 'Downtown' })
  name!: string;

  @ApiPropertyOptional({ example: '+15551230000' })
  @IsOptional()
  @Matches(E164_PHONE_NUMBER, { message: 'phone must be an E.164 number such as +15551234567' })
  phone?: string;

  @ApiPropertyOptional({ example: 'downtown@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;

  @ApiProperty({ example: 'America/New_York' })
  @IsString()
  @IsTimeZone()
  timeZone!: string;

  @ApiProperty({ example: 'USD' })
  @IsISO4217CurrencyCode()
  @Length(3, 3)
  currency!: string;

  @ApiPropertyOptional({ type: Object, example: { '1': { open: '10:00', close: '18:00' } }, description: 'Per weekday, 0 = Sunday; a missing day is closed.' })
  @IsOptional()
  @IsObject()
  openingHours?: Record<string, { open: string; close: string }>;
}
