import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { onEachLine, stopChild, waitForExit } from './child-processes.js';
import { StartupError } from './log.js';

const READY_TIMEOUT_MS = 10_000;

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

export function localRedisUrl(port: number): string {
  return `redis://127.0.0.1:${port}`;
}

/** Path of `redis-server` on PATH, if any. */
export function findRedisServer(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return (env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, 'redis-server')).find((path) => existsSync(path));
}

/**
 * The redis-server of the message queue: loopback only, its data in an append-only file in `dir`
 * (as docker-compose.yml's Redis), so texts still queued at Ctrl-C go out on the next start.
 * Resolves once it answers PING.
 */
export async function startRedisServer(options: { executable: string; port: number; dir: string }): Promise<RunningRedis> {
  await mkdir(options.dir, { recursive: true });
  const child = spawn(
    options.executable,
    [
      ...['--port', String(options.port), '--bind', '127.0.0.1', '--dir', options.dir, '--loglevel', 'warning'],
      // Append-only file, fsync every second; no RDB snapshots. BullMQ needs noeviction.
      ...['--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory-policy', 'noeviction'],
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Kept quiet (start-up banner, kernel advice); the last line explains a failed start.
  let lastLine = '';
  onEachLine(child, (line) => (lastLine = line.replace(/^\d+:[A-Z] [^#*]*[#*] /, '')));
  const exited = waitForExit(child);
  const stop = () => stopChild(child, 'redis-server', 10_000);

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    const outcome = await Promise.race([exited.then(() => 'exited' as const), ping(options.port)]);
    if (outcome === true) return { url: localRedisUrl(options.port), stop };
    if (outcome === 'exited') {
      const exit = await exited;
      throw new StartupError(`redis-server exited during start-up (${exit.description})${lastLine ? `: ${lastLine}` : ''}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new StartupError(`redis-server did not answer PING on port ${options.port} within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await sleep(100);
  }
}

/** True when a Redis server answers PING on the loopback port. */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}
