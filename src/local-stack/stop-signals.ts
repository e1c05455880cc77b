/** A repeat within this time is the same request delivered twice (terminal and a wrapper both relay). */
const SAME_REQUEST_MS = 500;

/**
 * The first SIGINT or SIGTERM calls `onStop` (stop in order); another one afterwards calls
 * `onForce` (a person pressing Ctrl-C again because stopping takes too long).
 */
export function onStopSignals(onStop: (signal: NodeJS.Signals) => void, onForce: (signal: NodeJS.Signals) => void): void {
  let firstAt: number | undefined;
  const handle = (signal: NodeJS.Signals) => {
    const now = Date.now();
    if (firstAt === undefined) {
      firstAt = now;
      onStop(signal);
    } else if (now - firstAt > SAME_REQUEST_MS) {
      onForce(signal);
    }
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
