import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';
import { findUnstorableText } from './text-safety.js';
import { platformError } from '../errors/platform-errors.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** The one `400 VALIDATION_FAILED` answer: every bad field, named. */
export function validationFailed(problems: FieldProblem[]): DomainError {
  const fields = problems.map((problem) => problem.field).join(', ');
  return platformError('VALIDATION_FAILED', `The request has invalid fields: ${fields}.`, { errors: problems });
}

/**
 * Refuses unknown fields and names every bad one: `400 VALIDATION_FAILED` with `errors`. Before
 * any DTO rule, text the database could not store as sent is refused in the body, the query, the
 * path and the headers a route reads, so no field of any route can turn odd text into a 5xx.
 */
class AtelierValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const unstorable = findUnstorableText(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (unstorable.length > 0) throw validationFailed(unstorable);
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new AtelierValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => validationFailed(flatten(errors)),
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
