import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { E164_PHONE_NUMBER } from '../../platform/phone-number.js';

export class CreateCustomerDto {
  @ApiProperty({ example: 'Maria', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  firstName!: string;

  @ApiProperty({ example: 'Lopez', maxLength: 100 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
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
