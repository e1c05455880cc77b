import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { POLICY_DURATION_PATTERN } from '../../../workflows/shared/duration.js';

/** An optional policy duration (`30s`, `15m`, `2h`, `7d`), validated and described in one place. */
export function OptionalDuration(description: string, example = '7d'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ type: String, description: `${description} A whole number and a unit: s, m, h or d.`, example, pattern: POLICY_DURATION_PATTERN.source }),
    IsOptional(),
    Matches(POLICY_DURATION_PATTERN, { message: ({ property }) => `${property} must be a duration such as 30s, 15m, 2h or 7d` }),
  );
}
