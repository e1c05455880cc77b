import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { log } from './log.js';

/** How long the API and worker get to stop (drain, close connections) before SIGKILL. */
export const APP_STOP_TIMEOUT_MS = 30_000;

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** "exit code 1", "signal SIGKILL" or the spawn error. */
  description: string;
}

/** An app process of the stack (the API or the worker) with its output prefixed by its name. */
export interface AppProcess {
  name: string;
  /** Settles when the process has exited, whatever the reason. */
  exited: Promise<ExitStatus>;
  stop(): Promise<void>;
}

/** Runs `node <script>` with `env`; every output line is prefixed with `[name]`. */
export function startApp(name: string, script: string, env: NodeJS.ProcessEnv, cwd: string): AppProcess {
  const child = spawn(process.execPath, [script], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  prefixLines(child, name);
  return { name, exited: waitForExit(child), stop: () => stopChild(child, name, APP_STOP_TIMEOUT_MS) };
}

/** Copies the child's stdout and stderr line by line to ours, each line prefixed with `[source]`. */
export function prefixLines(child: ChildProcess, source: string): void {
  onEachLine(child, (line, stream) => (stream === 'stderr' ? process.stderr : process.stdout).write(`[${source}] ${line}\n`));
}

/** Calls `onLine` for every line the child writes to stdout or stderr. */
export function onEachLine(child: ChildProcess, onLine: (line: string, stream: 'stdout' | 'stderr') => void): void {
  const read = (input: NodeJS.ReadableStream | null, stream: 'stdout' | 'stderr') => {
    if (input) createInterface({ input, crlfDelay: Infinity }).on('line', (line) => onLine(line, stream));
  };
  read(child.stdout, 'stdout');
  read(child.stderr, 'stderr');
}

/** Settles once the child has exited (or could not be spawned at all). */
export function waitForExit(child: ChildProcess): Promise<ExitStatus> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(exitStatus(child.exitCode, child.signalCode));
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve(exitStatus(code, signal)));
    child.once('error', (error) => resolve({ code: null, signal: null, description: error.message }));
  });
}

/** SIGTERM, then SIGKILL if the child is still there after `timeoutMs`. */
export async function stopChild(child: ChildProcess, name: string, timeoutMs: number): Promise<void> {
  const exited = waitForExit(child);
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(timeoutMs, false, { ref: false })]);
  if (stopped) return;
  log(`${name} (pid ${child.pid}) did not stop within ${timeoutMs / 1000} s: killing it`);
  child.kill('SIGKILL');
  await exited;
}

function exitStatus(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
  return { code, signal, description: signal ? `signal ${signal}` : `exit code ${code}` };
}
