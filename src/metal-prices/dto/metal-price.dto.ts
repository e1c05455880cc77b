import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsInt, IsISO4217CurrencyCode, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { METALS, type Metal } from '../../pieces/piece.entity.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class MetalPriceDto {
  @ApiProperty({ enum: METALS })
  @IsIn(METALS)
  metal!: Metal;

  @ApiProperty({ example: '2026-11-25' })
  @Matches(DAY, { message: 'day must be a date as YYYY-MM-DD' })
  day!: string;

  @ApiProperty({ example: 8125, description: 'Price of one gram of pure metal, minor units.' })
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  pricePerGramMinor!: number;

  @ApiProperty({ example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;
}

export class MetalPricesDto {
  @ApiProperty({ type: [MetalPriceDto] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => MetalPriceDto)
  prices!: MetalPriceDto[];
}

export class MetalPriceCsvDto {
  @ApiProperty({ example: 'day,metal,price_per_gram,currency\n2026-11-25,gold,81.25,USD\n2026-11-25,silver,0.98,USD', description: "The supplier's CSV: a header line, then one price per line in major units." })
  @IsString()
  @MaxLength(1_000_000)
  csv!: string;
}

export class ListMetalPricesQuery {
  @ApiPropertyOptional({ enum: METALS })
  @IsOptional()
  @IsIn(METALS)
  metal?: Metal;

  @ApiPropertyOptional({ example: '2026-11-01' })
  @IsOptional()
  @Matches(DAY, { message: 'from must be a date as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ example: '2026-11-30' })
  @IsOptional()
  @Matches(DAY, { message: 'to must be a date as YYYY-MM-DD' })
  to?: string;

  @ApiPropertyOptional({ example: 'USD' })
  @IsOptional()
  @IsISO4217CurrencyCode()
  currency?: string;
}

export class MetalQuoteQuery {
  @ApiProperty({ enum: METALS })
  @IsIn(METALS)
  metal!: Metal;

  @ApiProperty({ example: 585 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  fineness!: number;

  @ApiProperty({ example: 3420, description: 'Weight in milligrams (3.42 g = 3420).' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000_000)
  weightMg!: number;

  @ApiPropertyOptional({ example: 15000, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  makingChargeMinor?: number;

  @ApiProperty({ example: 'USD' })
  @IsISO4217CurrencyCode()
  currency!: string;

  @ApiPropertyOptional({ example: '2026-11-25', description: 'Defaults to today (UTC).' })
  @IsOptional()
  @Matches(DAY, { message: 'day must be a date as YYYY-MM-DD' })
  day?: string;
}

export class MetalPriceView {
  @ApiProperty({ enum: METALS }) metal!: string;
  @ApiProperty() day!: string;
  @ApiProperty() pricePerGramMinor!: number;
  @ApiProperty() currency!: string;
  @ApiProperty() enteredBy!: string;
  @ApiProperty() enteredAt!: string;
}

export class MetalQuoteView {
  @ApiProperty() metal!: string;
  @ApiProperty({ description: 'The day of the price used (the latest on or before the day asked).' }) day!: string;
  @ApiProperty() currency!: string;
  @ApiProperty() weightGrams!: number;
  @ApiProperty() fineness!: number;
  @ApiProperty() pricePerGramMinor!: number;
  @ApiProperty({ description: 'weight x fineness/1000 x price per gram, rounded to the minor unit.' }) metalValueMinor!: number;
  @ApiProperty() makingChargeMinor!: number;
  @ApiProperty() totalMinor!: number;
}

export class ImportedView {
  @ApiProperty() recorded!: number;
}
