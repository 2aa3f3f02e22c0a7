import { loadConfig, type Config } from '../config';
import { logger } from '../logger';

// Tests that expect a log line read it from their own logger; the service's stays quiet.
logger.level = 'silent';

/** Returns the default configuration with `overrides`, for tests; the simulated wait defaults to 1 ms. */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), port: 0, simulatedIoMs: 1, ...overrides };
}
