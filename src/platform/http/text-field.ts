import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';

interface TextFieldOptions {
  maxLength: number;
  example: string;
  description?: string;
}

/** Surrounding whitespace is never meaningful in a name or a description: trimmed at the edge. */
const trimmed = Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/**
 * A required text field: a string, not blank once trimmed, at most `maxLength` characters, and
 * described for OpenAPI in the same place. Stored exactly as sent, bar the trimming.
 */
export function RequiredText({ maxLength, example, description }: TextFieldOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: String, maxLength, example, description }),
    trimmed,
    IsString(),
    IsNotEmpty({ message: ({ property }) => `${property} must not be blank` }),
    MaxLength(maxLength),
  );
}

/** An optional text field: absent or null means "not given"; otherwise as {@link RequiredText}. */
export function OptionalText({ maxLength, example, description }: TextFieldOptions): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, maxLength, example, description, nullable: true }),
    trimmed,
    IsOptional(),
    IsString(),
    IsNotEmpty({ message: ({ property }) => `${property} must not be blank` }),
    MaxLength(maxLength),
  );
}
