import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsISO4217CurrencyCode, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

export class MoneyDto {
  @ApiProperty({ description: 'Amount in minor units (cents).', example: 125000, minimum: 0 })
  @IsInt()
  @Min(0)
  @Max(2_000_000_000)
  amountMinor!: number;

  @ApiProperty({ description: 'ISO 4217 currency code.', example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

export class CreateRepairDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Client-chosen id: repeating the request with the same id returns the same repair.',
  })
  @IsOptional()
  @IsUUID()
  id?: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiProperty({
    description: 'Neutral description of the piece as taken in.',
    example: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
    maxLength: 2000,
  })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  itemDescription!: string;

  @ApiProperty({ description: 'The work, written out in full.', example: 'Size from 7 to 5.5; retip 4 prongs', maxLength: 2000 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  workRequested!: string;

  @ApiProperty({ type: MoneyDto, description: 'Insurance value declared by the customer at take-in.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  declaredValue!: MoneyDto;

  @ApiPropertyOptional({ description: 'Promised date (YYYY-MM-DD). Default: shop policy, 14 days from today.', example: '2026-12-07' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'promisedBy must be a date as YYYY-MM-DD' })
  promisedBy?: string;
}
