import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

/** `limit` of a paged list: a whole number from 1 to `max` (query text converted). */
export function PageLimit(defaultValue: number, max = 100): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ default: defaultValue, minimum: 1, maximum: max }), IsOptional(), Type(() => Number), IsInt(), Min(1), Max(max));
}

/** `cursor` of a paged list: the opaque nextCursor of the previous page (checked where it is decoded). */
export function PageCursor(): PropertyDecorator {
  return applyDecorators(ApiPropertyOptional({ description: 'The nextCursor of the previous page.' }), IsOptional(), IsString(), MaxLength(500));
}
