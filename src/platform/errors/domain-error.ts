/** How a refusal maps to HTTP; decided once, in the HTTP error filter, never in controllers. */
export type DomainErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unprocessable'
  | 'too_many_requests'
  | 'unavailable';

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

interface DeclaredCode {
  kind: DomainErrorKind;
  modules: string[];
}

const DECLARED_CODES = new Map<string, DeclaredCode>();

/**
 * A module's error codes, each with the one kind of answer (HTTP status) it always gets, and the
 * function that builds them: `storeError('STORE_NOT_FOUND', message)` type-checks the code. A code
 * two modules share must mean the same answer in both; declaring it otherwise fails at start-up.
 */
export function errorCodes<const Table extends Record<string, DomainErrorKind>>(module: string, table: Table) {
  for (const [code, kind] of Object.entries(table)) {
    const declared = DECLARED_CODES.get(code);
    if (declared && declared.kind !== kind) {
      throw new Error(`Error code ${code} is '${declared.kind}' in ${declared.modules.join(', ')} but '${kind}' in ${module}: one code, one answer.`);
    }
    if (declared) declared.modules.push(module);
    else DECLARED_CODES.set(code, { kind, modules: [module] });
  }
  return (code: keyof Table & string, message: string, details: Record<string, unknown> = {}): DomainError => new DomainError(table[code], code, message, details);
}

/** Every code declared so far (every module loaded), for the generated list in docs/. */
export function declaredErrorCodes(): ReadonlyMap<string, Readonly<DeclaredCode>> {
  return DECLARED_CODES;
}
