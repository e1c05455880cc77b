import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { RequiredText } from '../../platform/http/text-field.js';
import { E164_PHONE_NUMBER } from '../../platform/phone-number.js';

export class CreateCustomerDto {
  @RequiredText({ maxLength: 100, example: 'Maria' })
  firstName!: string;

  @RequiredText({ maxLength: 100, example: 'Lopez' })
  lastName!: string;

  @ApiProperty({ description: 'Mobile number in E.164 form.', example: '+15551234567' })
  @IsString()
  @Matches(E164_PHONE_NUMBER, { message: 'phone must be an E.164 number such as +15551234567' })
  phone!: string;

  @ApiPropertyOptional({ example: 'maria@example.com' })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({
    description: 'Consent to text messages about their own jobs. Defaults to true: a number given at the counter for updates.',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  smsConsent?: boolean;
}
