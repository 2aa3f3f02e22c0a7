/** Settings of ts-api, read once from the environment at start. */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly simulatedIoMs: number;
  readonly fanoutLimit: number;
  readonly webhookWorkers: number;
  readonly webhookQueue: number;
  /** Token bucket settings per client address; undefined turns rate limiting off. */
  readonly rateLimit: RateLimitConfig | undefined;
  readonly traceContextTestEndpoint: boolean;
  readonly shutdownDelayMs: number;
  readonly shutdownTimeoutMs: number;
  readonly logLevel: LogLevel;
  readonly goApiUrl: string;
  readonly dotnetApiUrl: string;
  readonly aggregateTimeoutMs: number;
}

/** Refill rate and capacity of each client's token bucket. */
export interface RateLimitConfig {
  readonly rps: number;
  readonly burst: number;
}

/** Log levels the contract allows in `LOG_LEVEL`. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const logLevels: readonly string[] = ['debug', 'info', 'warn', 'error'];

/** ConfigError reports an invalid environment variable; the service exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

// #region load-config
/**
 * Reads the configuration from `env`, applying the contract's defaults.
 * Throws ConfigError naming the variable and its value when one is invalid.
 */
export function loadConfig(env: Env = process.env): Config {
  return {
    host: readHost(env),
    port: readInteger(env, 'PORT', 8083, 0, 65535),
    simulatedIoMs: readInteger(env, 'SIMULATED_IO_MS', 50, 0, 60_000),
    fanoutLimit: readInteger(env, 'FANOUT_LIMIT', 100, 1, 10_000),
    webhookWorkers: readInteger(env, 'WEBHOOK_WORKERS', 4, 1, 1024),
    webhookQueue: readInteger(env, 'WEBHOOK_QUEUE', 1000, 1, 1_000_000),
    rateLimit: readRateLimit(env),
    traceContextTestEndpoint: readFlag(env, 'TRACE_CONTEXT_TEST_ENDPOINT'),
    shutdownDelayMs: readInteger(env, 'SHUTDOWN_DELAY_MS', 0, 0, 600_000),
    shutdownTimeoutMs: readInteger(env, 'SHUTDOWN_TIMEOUT_MS', 10_000, 0, 600_000),
    logLevel: readLogLevel(env),
    goApiUrl: readBaseUrl(env, 'GO_API_URL', 'http://127.0.0.1:8081'),
    dotnetApiUrl: readBaseUrl(env, 'DOTNET_API_URL', 'http://127.0.0.1:8082'),
    aggregateTimeoutMs: readInteger(env, 'AGGREGATE_TIMEOUT_MS', 1000, 1, 600_000),
  };
}
// #endregion load-config

function invalid(name: string, value: string, rule: string): ConfigError {
  return new ConfigError(`invalid ${name} ${JSON.stringify(value)}: ${rule}`);
}

function readHost(env: Env): string {
  const value = env.HOST;
  if (value === undefined) {
    return '127.0.0.1';
  }
  if (value.trim() === '') {
    throw invalid('HOST', value, 'must be a host name or IP address');
  }
  return value;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = env[name];
  if (value === undefined) {
    return fallback;
  }
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw invalid(name, value, `must be an integer from ${min} to ${max}`);
  }
  return parsed;
}

function readRateLimit(env: Env): RateLimitConfig | undefined {
  const value = env.RATE_LIMIT_RPS;
  if (value === undefined) {
    return undefined;
  }
  const rps = /^\d+(\.\d+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(rps > 0 && rps <= 1_000_000)) {
    throw invalid('RATE_LIMIT_RPS', value, 'must be a number greater than 0 and at most 1000000');
  }
  const burst = readInteger(env, 'RATE_LIMIT_BURST', Math.ceil(rps), 1, 1_000_000);
  return { rps, burst };
}

function readFlag(env: Env, name: string): boolean {
  const value = env[name];
  if (value === undefined || value === '0') {
    return false;
  }
  if (value === '1') {
    return true;
  }
  throw invalid(name, value, 'must be 0 or 1');
}

function readLogLevel(env: Env): LogLevel {
  const value = env.LOG_LEVEL;
  if (value === undefined) {
    return 'info';
  }
  if (!logLevels.includes(value)) {
    throw invalid('LOG_LEVEL', value, 'must be debug, info, warn or error');
  }
  return value as LogLevel;
}

function readBaseUrl(env: Env, name: string, fallback: string): string {
  const value = env[name];
  if (value === undefined) {
    return fallback;
  }
  const url = URL.parse(value);
  if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid(name, value, 'must be an absolute http or https URL');
  }
  return url.origin;
}
