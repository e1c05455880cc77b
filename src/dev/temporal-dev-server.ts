import type { SearchAttributeKey, SearchAttributeType } from '@temporalio/common/lib/search-attributes.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/**
 * The `temporal` CLI: TEMPORAL_CLI_PATH, then PATH, then Go's bin folder (where
 * `go install github.com/temporalio/cli/cmd/temporal@...` puts it). Undefined when none exists.
 */
export function findTemporalCli(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.TEMPORAL_CLI_PATH) {
    if (!existsSync(env.TEMPORAL_CLI_PATH)) throw new Error(`TEMPORAL_CLI_PATH points at a missing file: ${env.TEMPORAL_CLI_PATH}`);
    return env.TEMPORAL_CLI_PATH;
  }
  const onPath = (env.PATH ?? '').split(delimiter).map((dir) => join(dir, 'temporal'));
  return [...onPath, join(goBinDir(), 'temporal'), join(homedir(), 'go', 'bin', 'temporal')].find((path) => existsSync(path));
}

function goBinDir(): string {
  try {
    return join(execFileSync('go', ['env', 'GOPATH'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(), 'bin');
  } catch {
    return join(homedir(), 'go', 'bin');
  }
}

export interface DevServerOptions {
  port?: number;
  /** Serve the Web UI on this port; no UI when unset. */
  uiPort?: number;
  /** SQLite file that keeps workflows across restarts; in memory when unset. */
  dbFilename?: string;
  /** Custom search attributes to register (the job workflows' `JOB_SEARCH_ATTRIBUTES`). */
  searchAttributes?: readonly SearchAttributeKey<SearchAttributeType>[];
}

/**
 * Starts the Temporal dev server (a real Temporal server with SQLite). Uses the local CLI when
 * there is one; otherwise lets the SDK download it, which needs the internet.
 */
export async function startTemporalDevServer(options: DevServerOptions = {}): Promise<TestWorkflowEnvironment> {
  const cli = findTemporalCli();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      log: { format: 'pretty', level: 'warn' },
      // Job workflows upsert theirs; a server without them fails the workflow task.
      searchAttributes: [...(options.searchAttributes ?? [])],
    },
  });
}

