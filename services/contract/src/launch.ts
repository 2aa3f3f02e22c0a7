import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

import { serviceCommand, type ServiceName } from './services';

/** A service process started by the suite, with the address it listens on. */
export interface LaunchedService {
  readonly name: ServiceName;
  readonly baseUrl: string;
  readonly process: ChildProcess;
  /** Log lines the service wrote so far, stdout and stderr interleaved. */
  readonly logs: string[];
  /** Resolves with the exit code (or the signal name) once the process ends. */
  readonly exited: Promise<number | string>;
  /** Sends SIGTERM, then SIGKILL if the process is still running after `graceMs`. */
  stop(graceMs?: number): Promise<number | string>;
}

/** Options for {@link launchService}. */
export interface LaunchOptions {
  /** Extra environment on top of the suite's defaults. */
  readonly env?: Readonly<Record<string, string>>;
  /** Time to wait for the `server started` log line. */
  readonly startTimeoutMs?: number;
}

// An address that nothing listens on: spans are exported into a refused
// connection, which is also how the services must behave with the Collector down.
const closedCollectorEndpoint = 'http://127.0.0.1:9';

/**
 * Starts `name` on a free port of 127.0.0.1 and resolves once its
 * `server started` log line names the address it listens on.
 */
export async function launchService(
  name: ServiceName,
  options: LaunchOptions = {},
): Promise<LaunchedService> {
  const { command, args } = serviceCommand(name);
  const child = spawn(command, args, {
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: closedCollectorEndpoint,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      LOG_LEVEL: 'info',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: string[] = [];
  const exited = exitOf(child);
  const address = new Promise<string>((resolve) => {
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => {
        logs.push(line);
        const started = parseStartedAddress(line);
        if (started !== undefined) {
          resolve(started);
        }
      });
    }
  });

  const timeoutMs = options.startTimeoutMs ?? 20_000;
  const found = await Promise.race([
    address,
    exited.then((code) => new Error(`${name} exited with ${String(code)} before it started`)),
    delay(timeoutMs).then(() => new Error(`${name} did not log "server started" within ${timeoutMs} ms`)),
  ]);
  if (found instanceof Error) {
    child.kill('SIGKILL');
    throw new Error(`${found.message}; last log lines:\n${logs.slice(-20).join('\n')}`);
  }

  return {
    name,
    baseUrl: `http://${found}`,
    process: child,
    logs,
    exited,
    stop: (graceMs = 15_000) => stopProcess(child, exited, graceMs),
  };
}

/** Returns the `address` of a `server started` JSON log line, or undefined for any other line. */
export function parseStartedAddress(line: string): string | undefined {
  if (!line.startsWith('{')) {
    return undefined;
  }
  try {
    const entry = JSON.parse(line) as { msg?: unknown; address?: unknown };
    if (entry.msg === 'server started' && typeof entry.address === 'string') {
      return entry.address;
    }
  } catch {
    // Not every line a runtime prints is JSON; such lines are kept in the log only.
  }
  return undefined;
}

function exitOf(child: ChildProcess): Promise<number | string> {
  return once(child, 'exit').then(([code, signal]) => (code as number | null) ?? String(signal));
}

async function stopProcess(
  child: ChildProcess,
  exited: Promise<number | string>,
  graceMs: number,
): Promise<number | string> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return exited;
  }
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
