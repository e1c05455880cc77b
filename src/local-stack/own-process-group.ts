import { spawn } from 'node:child_process';
import { constants } from 'node:os';

const MARKER = 'ATELIER_LOCAL_STACK_IN_OWN_GROUP';
let inOwnGroup = false;

/**
 * Ctrl-C in a terminal signals every process of the terminal's foreground process group at once.
 * Left there, PostgreSQL, Temporal and Redis would stop at the same moment as the API and the
 * worker, cutting them off mid-drain. So the stack runs in a session (process group) of its own:
 * the first process re-runs this program detached, relays SIGINT/SIGTERM (SIGHUP as SIGTERM) to it
 * and exits with its exit code; it never resolves. In the detached copy this resolves at once.
 */
export async function runInOwnProcessGroup(): Promise<void> {
  if (process.env[MARKER] === '1') {
    delete process.env[MARKER];
    inOwnGroup = true;
    // The relaying parent died without a signal (kill -9, closed terminal): stop as if asked to.
    process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
    return;
  }
  if (process.platform === 'win32') return; // no process groups: run in place

  const stack = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [MARKER]: '1' },
  });
  const relay = (signal: NodeJS.Signals) => stack.kill(signal === 'SIGHUP' ? 'SIGTERM' : signal);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, relay);
  stack.once('error', (error) => {
    process.stderr.write(`[stack] Could not start the local stack: ${error.message}\n`);
    process.exit(1);
  });
  stack.once('exit', (code, signal) => process.exit(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  return new Promise<never>(() => {});
}

/** Kills every process of the stack at once (a second Ctrl-C): no order, no waiting. */
export function killWholeStack(): never {
  if (inOwnGroup) process.kill(-process.pid, 'SIGKILL');
  process.exit(130);
}
