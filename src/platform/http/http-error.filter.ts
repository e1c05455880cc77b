import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type DomainErrorKind } from '../errors/domain-error.js';
import { platformError } from '../errors/platform-errors.js';

export const STATUS_OF_KIND: Record<DomainErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported_media_type: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  unprocessable: HttpStatus.UNPROCESSABLE_ENTITY,
  too_many_requests: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/** Fastify's own refusals (before Nest sees the request), by Fastify error code; the codes are the platform's. */
export const FASTIFY_ERRORS: Record<string, { code: Parameters<typeof platformError>[0]; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is empty but says it is JSON.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', message: 'Send the request body as application/json.' },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'BODY_TOO_LARGE', message: 'The request body is too large.' },
  FST_ERR_BAD_URL: { code: 'MALFORMED_URL', message: 'The URL has percent-escapes that are not valid UTF-8 text.' },
};

/**
 * Refusals Fastify makes before any route is found (a URL whose escapes are not UTF-8), which
 * never reach Nest's filters: answered in the same shape as every other error.
 */
export function answerFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const known = FASTIFY_ERRORS[error.code];
  if (known) {
    const { kind, code, message } = platformError(known.code, known.message);
    void reply.status(STATUS_OF_KIND[kind]).send({ statusCode: STATUS_OF_KIND[kind], code, message });
    return;
  }
  const statusCode = error.statusCode && error.statusCode < 500 ? error.statusCode : HttpStatus.BAD_REQUEST;
  void reply.status(statusCode).send({ statusCode, code: 'BAD_REQUEST', message: 'The request could not be understood.' });
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  [detail: string]: unknown;
}

/** Every error leaves the API as `{ statusCode, code, message, ...details }`. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const body = this.toBody(exception);
    void reply.status(body.statusCode).send(body);
  }

  private toBody(exception: unknown): ErrorBody {
    if (exception instanceof DomainError) {
      return { statusCode: STATUS_OF_KIND[exception.kind], code: exception.code, message: exception.message, ...exception.details };
    }
    const fastifyError = fastifyErrorOf(exception);
    if (fastifyError) {
      return { statusCode: fastifyError.statusCode ?? HttpStatus.BAD_REQUEST, ...FASTIFY_ERRORS[fastifyError.code] };
    }
    if (exception instanceof HttpException) {
      const statusCode = exception.getStatus();
      return { statusCode, code: codeOfStatus(statusCode), message: exception.message };
    }
    // Only the error's type and message: request bodies (customer details) never reach the log.
    this.logger.error(exception instanceof Error ? `${exception.name}: ${exception.message}\n${exception.stack}` : String(exception));
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: 'Something went wrong on our side.' };
  }
}

/** Nest's Fastify adapter hands body-parsing errors over as the `cause` of an HttpException. */
function fastifyErrorOf(exception: unknown): { code: string; statusCode?: number } | undefined {
  for (const candidate of [exception, (exception as { cause?: unknown })?.cause]) {
    const code = (candidate as { code?: unknown })?.code;
    if (typeof code === 'string' && code in FASTIFY_ERRORS) return candidate as { code: string; statusCode?: number };
  }
  return undefined;
}

function codeOfStatus(status: number): string {
  const name = HttpStatus[status];
  return typeof name === 'string' ? name : 'HTTP_ERROR';
}
