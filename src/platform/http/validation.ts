import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { DomainError } from '../errors/domain-error.js';

export interface FieldProblem {
  field: string;
  problems: string[];
}

/** Refuses unknown fields and names every bad one: `400 VALIDATION_FAILED` with `errors`. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => {
      const fieldProblems = flatten(errors);
      const fields = fieldProblems.map((problem) => problem.field).join(', ');
      return new DomainError('invalid', 'VALIDATION_FAILED', `The request has invalid fields: ${fields}.`, { errors: fieldProblems });
    },
  });
}

function flatten(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
