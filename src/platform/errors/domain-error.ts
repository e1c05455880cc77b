/** How a refusal maps to HTTP; decided once, in the HTTP error filter, never in controllers. */
export type DomainErrorKind = 'invalid' | 'unauthenticated' | 'forbidden' | 'not_found' | 'conflict' | 'unprocessable' | 'too_many_requests' | 'unavailable';

/**
 * An error a client can act on: a stable machine code, a sentence for people, and optional
 * details (e.g. the allowed next stages).
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
