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

/** A path parameter that must match `pattern` (`described` says what it is); anything else is a 400 naming it. */
export const PatternParam = (name: string, pattern: RegExp, described: string) =>
  Param(name, {
    transform(value: string) {
      if (typeof value !== 'string' || !pattern.test(value)) throw validationFailed([{ field: name, problems: [`${name} must be ${described}`] }]);
      return value;
    },
  });
