import { Logger } from '@nestjs/common';

const logger = new Logger('Shutdown');

/**
 * On SIGINT or SIGTERM, runs `stop` once (drain work, close connections) and exits 0;
 * exits 1 if stopping fails or takes longer than `timeoutMs`.
 */
export function stopCleanlyOnSignal(stop: () => Promise<void>, timeoutMs = 55_000): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: stopping`);
    setTimeout(() => {
      logger.error(`Did not stop within ${timeoutMs / 1000} s; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error(`Stopping failed: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
}

/** For entry points: a start-up failure is one line on stderr and exit code 1, not a stack trace. */
export function exitOnStartupFailure(what: string): (error: unknown) => never {
  return (error) => {
    console.error(`${what} could not start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  };
}
