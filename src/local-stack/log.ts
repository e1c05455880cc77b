/**
 * Console lines of the local stack: one line per event, prefixed with who speaks, so the output
 * of the stack, the API, the worker and the fake Twilio stays readable when interleaved.
 */
export function log(message: string, source = 'stack'): void {
  process.stdout.write(`[${source}] ${message}\n`);
}

export function logError(message: string, source = 'stack'): void {
  process.stderr.write(`[${source}] ${message}\n`);
}

/** A start-up failure a person can act on: its message is the one line the stack prints. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The one line to print for a failure: ours as is, anything else with its type. */
export function describeError(error: unknown): string {
  if (error instanceof StartupError) return error.message;
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
