import { type AppConfig, ConfigError, loadConfig } from './app-config.js';

/** For entry points: the configuration, or one clear line on stderr and exit code 1. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`Configuration error: ${error.problems.join('; ')}`);
    process.exit(1);
  }
}
