import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

import type { FastifyInstance } from 'fastify';

import { buildApp } from './app';
import { ConfigError, loadConfig, type Config } from './config';
import { logger } from './logger';
import type { ServiceState } from './routes/health';

/** Exit code of an invalid configuration. */
export const configErrorExitCode = 2;

// Spans still queued at exit get this long to reach the Collector.
const telemetryFlushTimeoutMs = 5000;

/** Exports the spans still queued and stops the telemetry SDK. */
export type TelemetryShutdown = () => Promise<void>;

/** Service that listens, with the address it is reachable on and a way to stop it. */
export interface RunningServer {
  readonly app: FastifyInstance;
  readonly state: ServiceState;
  /** `host:port` of the listener, with the port the system chose when PORT is 0. */
  readonly address: string;
}

/** Builds the app, listens on HOST:PORT and logs `server started` with the address. */
export async function startServer(config: Config): Promise<RunningServer> {
  const state: ServiceState = { phase: 'starting' };
  const app = buildApp(config, state);

  await app.listen({ host: config.host, port: config.port });
  state.phase = 'ready';

  const address = formatAddress(app.server.address() as AddressInfo);
  logger.info({ address }, 'server started');
  return { app, state, address };
}

// #region graceful-shutdown
/**
 * Stops the service as the contract orders: not ready at once, listener
 * closed after SHUTDOWN_DELAY_MS, in-flight requests and queued webhooks
 * finished within SHUTDOWN_TIMEOUT_MS, spans flushed. Returns the exit code:
 * 0, or 1 when the timeout cut the work short.
 */
export async function stopServer(
  server: RunningServer,
  config: Config,
  shutdownTelemetry: TelemetryShutdown,
): Promise<number> {
  logger.info('shutdown started');
  server.state.phase = 'draining';
  await sleep(config.shutdownDelayMs);

  const finished = await settlesWithin(server.app.close(), config.shutdownTimeoutMs);
  if (!finished) {
    logger.error({ timeout_ms: config.shutdownTimeoutMs }, 'shutdown timed out');
    server.app.server.closeAllConnections();
  }
  if (!(await settlesWithin(shutdownTelemetry(), telemetryFlushTimeoutMs))) {
    logger.warn({ timeout_ms: telemetryFlushTimeoutMs }, 'span flush timed out');
  }

  logger.info('shutdown complete');
  return finished ? 0 : 1;
}
// #endregion graceful-shutdown

/** Runs the service until SIGTERM or SIGINT; the process exits with the contract's exit codes. */
export async function main(shutdownTelemetry: TelemetryShutdown): Promise<void> {
  const config = readConfigOrExit();
  logger.level = config.logLevel;

  let server: RunningServer;
  try {
    server = await startServer(config);
  } catch (error) {
    process.stderr.write(`ts-api: ${listenErrorMessage(error, config)}\n`);
    process.exit(1);
  }

  const onSignal = (): void => {
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    void stopServer(server, config, shutdownTelemetry).then((exitCode) => process.exit(exitCode));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}

function readConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`ts-api: ${error.message}\n`);
      process.exit(configErrorExitCode);
    }
    throw error;
  }
}

function listenErrorMessage(error: unknown, config: Config): string {
  const address = `${config.host}:${config.port}`;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `listen on ${address} failed: address already in use`;
  }
  return `listen on ${address} failed: ${error instanceof Error ? error.message : String(error)}`;
}

function formatAddress(address: AddressInfo): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${host}:${address.port}`;
}

async function settlesWithin(work: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const timeout = new AbortController();
  const timedOut = sleep(timeoutMs, false, { signal: timeout.signal }).catch(() => false);
  const settled = work.then(
    () => true,
    () => true,
  );
  const result = await Promise.race([settled, timedOut]);
  timeout.abort();
  return result;
}
