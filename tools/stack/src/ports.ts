import { createServer } from 'node:net';
import { StackError } from './errors';

/** Every TCP port the local stack listens on, all on 127.0.0.1. */
export interface StackPorts {
  goApi: number;
  dotnetApi: number;
  tsApi: number;
  otelcolOtlpGrpc: number;
  otelcolOtlpHttp: number;
  otelcolHealth: number;
  otelcolMetrics: number;
  jaegerOtlpGrpc: number;
  jaegerOtlpHttp: number;
  jaegerQuery: number;
  jaegerQueryGrpc: number;
  jaegerHealth: number;
}

/** The ports of docs/ and of the services' own defaults. */
export const defaultPorts: Readonly<StackPorts> = {
  goApi: 8081,
  dotnetApi: 8082,
  tsApi: 8083,
  otelcolOtlpGrpc: 4317,
  otelcolOtlpHttp: 4318,
  otelcolHealth: 13133,
  otelcolMetrics: 8888,
  jaegerOtlpGrpc: 14317,
  jaegerOtlpHttp: 14318,
  jaegerQuery: 16686,
  jaegerQueryGrpc: 16685,
  jaegerHealth: 13134,
};

/** Returns the environment variable that overrides a port, e.g. `TRIAD_GO_API_PORT` for `goApi`. */
export function portVariable(key: keyof StackPorts): string {
  return `TRIAD_${key.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase()}_PORT`;
}

/**
 * Returns the default ports with the overrides from `TRIAD_*_PORT` variables.
 * Throws a {@link StackError} naming the variable when a value is not a port.
 */
export function portsFromEnv(env: NodeJS.ProcessEnv): StackPorts {
  const ports = { ...defaultPorts };
  for (const key of Object.keys(ports) as (keyof StackPorts)[]) {
    const variable = portVariable(key);
    const value = env[variable];
    if (value === undefined || value === '') continue;
    const port = Number(value);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      throw new StackError(`${variable} must be a TCP port from 1 to 65535, got "${value}"`);
    }
    ports[key] = port;
  }
  return ports;
}

/** Reports whether nothing listens on `host:port`, by binding it for a moment. */
export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE' || error.code === 'EACCES') resolve(false);
      else reject(error);
    });
    server.listen({ port, host, exclusive: true }, () => {
      server.close(() => {
        resolve(true);
      });
    });
  });
}

/** A port that one part of the stack listens on. */
export interface PartPort {
  part: string;
  /** The port's purpose, e.g. `OTLP gRPC`. */
  purpose: string;
  port: number;
}

/**
 * Throws a {@link StackError} listing every port that is already taken, with
 * the part that needs it, so that nothing starts on a half-free set of ports.
 */
export async function assertPortsFree(ports: readonly PartPort[], host = '127.0.0.1'): Promise<void> {
  assertPortsDistinct(ports);
  const taken: PartPort[] = [];
  for (const entry of ports) {
    if (!(await isPortFree(entry.port, host))) taken.push(entry);
  }
  if (taken.length === 0) return;

  const [first] = taken;
  const lines = taken.map((entry) => `${entry.part} needs ${host}:${entry.port} (${entry.purpose}), which is in use`);
  const message =
    taken.length === 1 && first
      ? `Port ${first.port} of ${first.part} (${first.purpose}) is already in use`
      : `${taken.length} ports of the stack are already in use`;
  throw new StackError(message, [
    ...lines,
    'Stop what listens there (`triad stack down` if it is an earlier stack), or choose other ports with the TRIAD_*_PORT variables.',
  ]);
}

/**
 * Throws a StackError when two parts are given the same port, e.g.
 * TRIAD_DOTNET_API_PORT=8081 beside go-api's 8081. The second part would fail
 * to bind, and the first would pass its readiness check.
 */
export function assertPortsDistinct(ports: readonly PartPort[]): void {
  const seen = new Map<number, PartPort>();
  for (const entry of ports) {
    const earlier = seen.get(entry.port);
    if (earlier) {
      throw new StackError(
        `Port ${entry.port} is set for both ${earlier.part} (${earlier.purpose}) and ${entry.part} (${entry.purpose})`,
        ['Give each part its own port with the TRIAD_*_PORT variables.'],
      );
    }
    seen.set(entry.port, entry);
  }
}
