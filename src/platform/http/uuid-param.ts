import { Param, ParseUUIDPipe } from '@nestjs/common';
import { validationFailed } from './validation.js';

/** A UUID path parameter; anything else is a 400 naming the parameter. */
export const UuidParam = (name: string) =>
  Param(
    name,
    new ParseUUIDPipe({
      exceptionFactory: () => validationFailed([{ field: name, problems: [`${name} must be a UUID`] }]),
    }),
  );
