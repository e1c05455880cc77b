import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { E164_PHONE_NUMBER } from '../../platform/phone-number.js';
import { CONSENT_CHANNELS, CONSENT_SOURCES, INTERACTION_CHANNELS, OCCASION_KINDS } from '../customer-records.entity.js';
import { CustomerDetailsDto } from './create-customer.dto.js';

export class UpdateCustomerDto extends CustomerDetailsDto {
  @OptionalText({ maxLength: 100, example: 'Maria' })
  firstName?: string;

  @OptionalText({ maxLength: 100, example: 'Lopez-Garcia' })
  lastName?: string;

  @ApiPropertyOptional({ example: '+15551234567' })
  @IsOptional()
  @IsString()
  @Matches(E164_PHONE_NUMBER, { message: 'phone must be an E.164 number such as +15551234567' })
  phone?: string;
}

export class ConsentChangeDto {
  @ApiProperty({ enum: CONSENT_CHANNELS })
  @IsIn(CONSENT_CHANNELS)
  channel!: (typeof CONSENT_CHANNELS)[number];

  @ApiProperty({ description: 'true grants, false withdraws.' })
  @IsBoolean()
  granted!: boolean;

  @ApiProperty({ enum: CONSENT_SOURCES, example: 'counter' })
  @IsIn(CONSENT_SOURCES)
  source!: (typeof CONSENT_SOURCES)[number];
}

/** `--MM-DD` (every year) or `YYYY-MM-DD`. */
const OCCASION_DATE = /^(--|\d{4}-)(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export class OccasionDto {
  @ApiProperty({ enum: OCCASION_KINDS })
  @IsIn(OCCASION_KINDS)
  kind!: (typeof OCCASION_KINDS)[number];

  @ApiProperty({ example: '--06-14', description: 'Month and day as --MM-DD, or a full date YYYY-MM-DD when the year matters.' })
  @Matches(OCCASION_DATE, { message: 'date must be --MM-DD or YYYY-MM-DD' })
  date!: string;

  @OptionalText({ maxLength: 100, example: 'Her husband, Luis' })
  withWhom?: string;

  @OptionalText({ maxLength: 1000, example: 'Likes surprises' })
  note?: string;
}

export class InteractionDto {
  @ApiProperty({ enum: INTERACTION_CHANNELS })
  @IsIn(INTERACTION_CHANNELS)
  channel!: (typeof INTERACTION_CHANNELS)[number];

  @RequiredText({ maxLength: 2000, example: 'Called about the engagement ring budget; will come in Saturday.' })
  summary!: string;
}

export class MergeCustomersDto {
  @ApiProperty({ format: 'uuid', description: 'The other record of the same person: its jobs, payments, messages, occasions and notes move here; it is kept, marked merged.' })
  @IsUUID('all')
  duplicateId!: string;
}
