import { setTimeout as sleep } from 'node:timers/promises';
import { StartupError } from './log.js';

/**
 * Polls GET <apiUrl>/health until it answers 200. Rejects with one clear line after `timeoutMs`,
 * or as soon as `failed` settles (an app process exited first), or when `signal` aborts.
 */
export async function waitForApiHealthy(apiUrl: string, options: { timeoutMs: number; failed: Promise<string>; signal: AbortSignal }): Promise<void> {
  const healthUrl = `${apiUrl}/health`;
  const deadline = Date.now() + options.timeoutMs;
  let gaveUp: string | undefined;
  void options.failed.then((reason) => (gaveUp = reason));

  while (!gaveUp) {
    options.signal.throwIfAborted();
    if (Date.now() > deadline) throw new StartupError(`The API did not answer GET ${healthUrl} with 200 within ${options.timeoutMs / 1000} s`);
    if (await isHealthy(healthUrl)) return;
    await Promise.race([sleep(300, undefined, { ref: false }), options.failed]);
  }
  throw new StartupError(gaveUp);
}

async function isHealthy(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}
