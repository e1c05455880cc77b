import { Socket } from 'node:net';
import { startTemporalDevServer } from '../../src/dev/temporal-dev-server.ts';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes.ts';
import { TEST_POSTGRES_URL, TEST_REDIS_URL } from './test-services.ts';

// Jest loads this file without moduleNameMapper, hence the .ts suffixes of its imports.

/**
 * One real Temporal dev server (in memory) for the whole run; every test file gets its own
 * task queue, database and queue prefix, so files run in parallel without meeting.
 */
export default async function globalSetup(): Promise<void> {
  await Promise.all([reachable('PostgreSQL', TEST_POSTGRES_URL), reachable('Redis', TEST_REDIS_URL)]);
  const temporal = await startTemporalDevServer({ searchAttributes: JOB_SEARCH_ATTRIBUTES });
  (globalThis as { atelierTemporal?: unknown }).atelierTemporal = temporal;
  process.env.ATELIER_TEST_TEMPORAL_ADDRESS = temporal.address;
}

function reachable(name: string, url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    socket.setTimeout(3_000);
    socket.once('connect', () => {
      socket.destroy();
      resolve();
    });
    const fail = () => {
      socket.destroy();
      reject(new Error(`${name} is not reachable at ${hostname}:${port}; start it or set the test URL (see README, Tests)`));
    };
    socket.once('error', fail);
    socket.once('timeout', fail);
    socket.connect(Number(port), hostname);
  });
}
