import { Runtime } from '@temporalio/worker';
import { JOB_SEARCH_ATTRIBUTES } from '../../workflows/shared/search-attributes.js';
import { findTemporalCli, startTemporalDevServer } from '../dev/temporal-dev-server.js';
import { StartupError, log } from './log.js';

export interface RunningTemporal {
  address: string;
  stop(): Promise<void>;
}

/** The Temporal dev server with its Web UI; workflows persist in `dbFile` (SQLite). */
export async function startTemporal(options: { port: number; uiPort: number; dbFile: string }): Promise<RunningTemporal> {
  // The stack owns SIGINT/SIGTERM; the SDK's runtime would otherwise listen to them too.
  Runtime.install({ shutdownSignals: [] });
  if (!findTemporalCli()) log('No `temporal` CLI found (TEMPORAL_CLI_PATH, PATH, ~/go/bin): the SDK downloads one, which needs the internet');
  try {
    const env = await startTemporalDevServer({ port: options.port, uiPort: options.uiPort, dbFilename: options.dbFile, searchAttributes: JOB_SEARCH_ATTRIBUTES });
    return { address: `127.0.0.1:${options.port}`, stop: () => env.teardown() };
  } catch (error) {
    throw new StartupError(`The Temporal dev server did not start: ${error instanceof Error ? error.message : String(error)}`);
  }
}
