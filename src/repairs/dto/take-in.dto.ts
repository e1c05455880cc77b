import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsDefined, IsOptional, IsUUID, Matches, ValidateNested } from 'class-validator';
import { MoneyDto, PriceLineDto } from '../../jobs/dto/job-parts.dto.js';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';

export class TakeInItemDto {
  @RequiredText({
    maxLength: 2000,
    example: 'Yellow metal ring, customer stated 14k, one clear stone, worn prongs',
    description: 'The piece in neutral words, with its condition: what anyone can see, nothing assumed.',
  })
  itemDescription!: string;

  @RequiredText({ maxLength: 2000, example: 'Size from 7 to 5.5; retip 4 prongs', description: 'The work, written out in full (never "fix ring").' })
  workRequested!: string;

  @ApiProperty({ type: MoneyDto, description: 'Insurance value the customer declared before signing.' })
  @IsDefined()
  @ValidateNested()
  @Type(() => MoneyDto)
  declaredValue!: MoneyDto;

  @ApiPropertyOptional({ type: MoneyDto, description: '"Go ahead if under": an estimate at or under it needs no second approval.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoneyDto)
  goAheadLimit?: MoneyDto;

  @ApiPropertyOptional({ type: [PriceLineDto], description: 'An estimate made at the counter (a small job priced on the spot).' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PriceLineDto)
  estimate?: PriceLineDto[];
}

/** One visit: one ticket, a job per piece ("job 1 of 2"). */
export class TakeInDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  customerId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The store taking the pieces in. Default: the main store.' })
  @IsOptional()
  @IsUUID()
  storeId?: string;

  @ApiProperty({ type: [TakeInItemDto], description: 'One entry per piece; each becomes a job of the ticket.' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => TakeInItemDto)
  items!: TakeInItemDto[];

  @ApiPropertyOptional({
    description: "Promised date (YYYY-MM-DD, the store's calendar). Default: the store's policy. Sooner than the default is a rush: a manager's call.",
    example: '2026-12-07',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'promisedBy must be a date as YYYY-MM-DD' })
  promisedBy?: string;

  @OptionalText({ maxLength: 500, example: 'Wedding on Saturday', description: 'Why a rush date was promised.' })
  rushReason?: string;
}
