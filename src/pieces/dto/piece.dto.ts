import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsISO4217CurrencyCode, IsNumber, IsOptional, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { OptionalText, RequiredText } from '../../platform/http/text-field.js';
import { PIECE_STATUSES, type PieceStatus } from '../piece-status.js';
import { GRADING_LABS, METALS, METAL_COLOURS, PIECE_CATEGORIES, STORAGE_PLACES } from '../piece.entity.js';

const MAX_MINOR = 1_000_000_000;

export class StoneDto {
  @RequiredText({ maxLength: 40, example: 'diamond' })
  type!: string;

  @ApiProperty({ example: 0.5, description: 'Carat weight of one stone, to 2 decimals.' })
  @IsNumber({ maxDecimalPlaces: 2 })
  @Min(0.01)
  @Max(10_000)
  carat!: number;

  @OptionalText({ maxLength: 40, example: 'round brilliant' }) shape?: string;
  @OptionalText({ maxLength: 20, example: 'G' }) colour?: string;
  @OptionalText({ maxLength: 20, example: 'VS1' }) clarity?: string;

  @ApiPropertyOptional({ example: 1, default: 1 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  count?: number;
}

export class CertificateDto {
  @ApiProperty({ enum: GRADING_LABS })
  @IsIn(GRADING_LABS)
  lab!: (typeof GRADING_LABS)[number];

  @ApiProperty({ example: '2141438167' })
  @Matches(/^[A-Za-z0-9-]{3,40}$/, { message: 'number must be 3 to 40 letters, digits or dashes' })
  number!: string;
}

/** Fields a piece's record may change after it is created (prices, place, description...). */
export class PieceDetailsDto {
  @OptionalText({ maxLength: 60, example: 'SN-88213' }) serial?: string;
  @OptionalText({ maxLength: 4000, example: 'Estate piece, bought from the family in 2024' }) provenance?: string;

  @ApiPropertyOptional({ example: 120000, description: 'What the shop paid, minor units.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  costMinor?: number;

  @ApiPropertyOptional({ example: 249000, description: 'Ticket price, minor units.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  retailMinor?: number;

  @ApiPropertyOptional({ example: 15000, description: 'For a metal-priced piece: added to weight x fineness x the day’s metal price.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_MINOR)
  makingChargeMinor?: number;

  @ApiPropertyOptional({ enum: STORAGE_PLACES })
  @IsOptional()
  @IsIn(STORAGE_PLACES)
  place?: (typeof STORAGE_PLACES)[number];

  @OptionalText({ maxLength: 100, example: 'Case 3, second shelf' }) placeDetail?: string;
}

export class CreatePieceDto extends PieceDetailsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your store when you work in one.' })
  @IsOptional()
  @IsUUID('all')
  storeId?: string;

  @ApiProperty({ example: 'RG-14Y-0042', description: 'Stock number, unique in the store.' })
  @Matches(/^[A-Za-z0-9][A-Za-z0-9._/-]{0,39}$/, { message: 'sku must be 1 to 40 letters, digits, dots, dashes or slashes' })
  sku!: string;

  @RequiredText({ maxLength: 2000, example: '14k yellow gold solitaire, 0.50 ct round diamond' })
  description!: string;

  @ApiProperty({ enum: PIECE_CATEGORIES })
  @IsIn(PIECE_CATEGORIES)
  category!: (typeof PIECE_CATEGORIES)[number];

  @ApiPropertyOptional({ enum: METALS })
  @IsOptional()
  @IsIn(METALS)
  metal?: (typeof METALS)[number];

  @ApiPropertyOptional({ enum: METAL_COLOURS })
  @IsOptional()
  @IsIn(METAL_COLOURS)
  metalColour?: (typeof METAL_COLOURS)[number];

  @ApiPropertyOptional({ example: 585, description: 'Parts per thousand (585 = 14k, 750 = 18k, 925 = sterling, 950 = platinum).' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(1000)
  fineness?: number;

  @ApiPropertyOptional({ example: 3.42, description: 'Grams, to 3 decimals.' })
  @IsOptional()
  @IsNumber({ maxDecimalPlaces: 3 })
  @Min(0.001)
  @Max(100_000)
  weightGrams?: number;

  @ApiPropertyOptional({ type: [StoneDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => StoneDto)
  stones?: StoneDto[];

  @ApiPropertyOptional({ type: CertificateDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => CertificateDto)
  certificate?: CertificateDto;

  @ApiProperty({ example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

export class PieceStatusDto {
  @ApiProperty({ enum: PIECE_STATUSES })
  @IsIn(PIECE_STATUSES)
  status!: PieceStatus;

  @OptionalText({ maxLength: 500, example: 'Held for Mrs Rossi until Friday' }) reason?: string;
}
