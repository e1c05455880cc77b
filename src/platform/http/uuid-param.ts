import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () =>
        new DomainError('invalid', 'VALIDATION_FAILED', `The request has invalid fields: ${name}.`, {
          errors: [{ field: name, problems: [`${name} must be a UUID`] }],
        }),
    }),
  );
