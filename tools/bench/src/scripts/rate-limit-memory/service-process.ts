import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { residentMemoryBytes } from '@triad/stack';

import type { ServiceName } from '../../report/types';
import { WARM_UP_ADDRESS } from './addresses';
import { get, SERVICE_HOST } from './traffic';

/** Maximum time from a service's start until /readyz returns 200; .NET's first start on a busy machine is the slowest. */
const READY_TIMEOUT_MS = 60_000;
const READY_POLL_MS = 200;
/** Longer than the services' default SHUTDOWN_TIMEOUT_MS (10 s), so that a drain can finish before SIGKILL. */
const STOP_GRACE_MS = 15_000;
const LOG_TAIL_LINES = 20;

/**
 * Variables of docs/contract.md that the script sets itself or leaves at
 * their defaults. They are removed from the inherited environment, so that
 * a shell's settings cannot change the measure.
 */
const CONTRACT_VARIABLES = [
  'HOST',
  'PORT',
  'SIMULATED_IO_MS',
  'FANOUT_LIMIT',
  'WEBHOOK_WORKERS',
  'WEBHOOK_QUEUE',
  'RATE_LIMIT_RPS',
  'RATE_LIMIT_BURST',
  'TRACE_CONTEXT_TEST_ENDPOINT',
  'SHUTDOWN_DELAY_MS',
  'SHUTDOWN_TIMEOUT_MS',
  'LOG_LEVEL',
  'GO_API_URL',
  'DOTNET_API_URL',
  'AGGREGATE_TIMEOUT_MS',
];

/** Command line that starts a service's built artifact. */
export interface ServiceLaunch {
  command: string;
  args: string[];
}

/** Returns how to start the built artifact of `service`; throws when it is not built. */
export function serviceLaunch(root: string, service: ServiceName): ServiceLaunch {
  const artifacts: Record<ServiceName, { path: string; launch: (path: string) => ServiceLaunch }> = {
    'go-api': {
      path: join(root, 'services', 'go-api', 'dist', 'go-api'),
      launch: (path) => ({ command: path, args: [] }),
    },
    'dotnet-api': {
      path: join(root, 'services', 'dotnet-api', 'dist', 'Triad.DotnetApi'),
      launch: (path) => ({ command: path, args: [] }),
    },
    'ts-api': {
      path: join(root, 'services', 'ts-api', 'dist', 'main.js'),
      launch: (path) => ({ command: process.execPath, args: [path] }),
    },
  };

  const artifact = artifacts[service];
  if (!existsSync(artifact.path)) {
    throw new Error(
      `${service} is not built: ${artifact.path} is missing. ` +
        'Build it with `npx nx run-many -t build -p go-api dotnet-api ts-api`.',
    );
  }
  return artifact.launch(artifact.path);
}

/** Returns a TCP port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, SERVICE_HOST, resolve);
  });
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') {
    throw new Error('the operating system returned no TCP port');
  }
  return address.port;
}

/** Services this script started and has not stopped yet, so that an exit can kill them. */
const running = new Set<ServiceProcess>();

/** Sends SIGKILL to every service still running; for the `exit` event, where nothing can be awaited. */
export function killAllServices(): void {
  for (const service of running) {
    service.kill();
  }
}

/** A service started alone on 127.0.0.1 for one measurement, with its output kept in memory. */
export class ServiceProcess {
  private readonly logTail: string[] = [];
  private readonly exited: Promise<void>;
  private exitReason: string | undefined;

  private constructor(
    readonly service: ServiceName,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exitReason = signal === null ? `exit code ${code ?? 'unknown'}` : `signal ${signal}`;
        running.delete(this);
        resolve();
      });
    });
    const keepLog = (chunk: Buffer) => {
      this.keepLog(chunk);
    };
    child.stdout?.on('data', keepLog);
    child.stderr?.on('data', keepLog);
  }

  /**
   * Starts `service` on a free port with the contract variables in `env`,
   * and waits until /readyz returns 200. Throws, with the service's last
   * output lines, when it exits or is not ready in time.
   */
  static async start(
    root: string,
    service: ServiceName,
    env: Record<string, string>,
    signal: AbortSignal,
  ): Promise<ServiceProcess> {
    const launch = serviceLaunch(root, service);
    const port = await freePort();
    const child = spawn(launch.command, launch.args, {
      cwd: root,
      env: { ...inheritedEnv(), ...env, HOST: SERVICE_HOST, PORT: String(port) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new ServiceProcess(service, port, child);
    running.add(started);

    try {
      await started.waitUntilReady(signal);
    } catch (error) {
      await started.stop();
      throw error;
    }
    return started;
  }

  /** Process id of the service. */
  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Returns VmRSS of the service in bytes, or undefined once it has exited. */
  residentMemoryBytes(): number | undefined {
    return this.exitReason === undefined ? residentMemoryBytes(this.pid) : undefined;
  }

  /** Sends SIGTERM, waits for the drain, then SIGKILL if the service still runs. */
  async stop(): Promise<void> {
    if (this.exitReason !== undefined) {
      return;
    }
    this.child.kill('SIGTERM');
    if (await this.exitsWithin(STOP_GRACE_MS)) {
      return;
    }
    this.kill();
    await this.exitsWithin(5_000);
  }

  /** Sends SIGKILL if the service still runs. */
  kill(): void {
    if (this.exitReason === undefined) {
      this.child.kill('SIGKILL');
    }
  }

  private async waitUntilReady(signal: AbortSignal): Promise<void> {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      signal.throwIfAborted();
      if (this.exitReason !== undefined) {
        throw this.failure(`${this.service} exited during its start (${this.exitReason})`);
      }
      if (await this.isReady(signal)) {
        return;
      }
      await sleep(READY_POLL_MS, undefined, { signal });
    }
    throw this.failure(`${this.service} was not ready on port ${this.port} within ${READY_TIMEOUT_MS / 1000} s`);
  }

  private async isReady(signal: AbortSignal): Promise<boolean> {
    try {
      const response = await get(this.port, '/readyz', WARM_UP_ADDRESS, signal);
      return response.status === 200;
    } catch {
      signal.throwIfAborted();
      return false;
    }
  }

  private async exitsWithin(timeoutMs: number): Promise<boolean> {
    // Unreferenced, so that a pending timer does not keep the script alive after the exit.
    const timer = sleep(timeoutMs, false, { ref: false });
    return Promise.race([this.exited.then(() => true), timer]);
  }

  private keepLog(chunk: Buffer): void {
    this.logTail.push(...chunk.toString('utf8').split('\n').filter((line) => line.length > 0));
    this.logTail.splice(0, Math.max(0, this.logTail.length - LOG_TAIL_LINES));
  }

  private failure(message: string): Error {
    const output = this.logTail.length > 0 ? `; its last output:\n${this.logTail.join('\n')}` : '';
    return new Error(`${message}${output}`);
  }
}

function inheritedEnv(): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !CONTRACT_VARIABLES.includes(name) && !name.startsWith('OTEL_'),
  );
  return Object.fromEntries(inherited);
}
