import { StackError } from './errors';
import type { StackPorts } from './ports';

/** A port a container listens on, published on 127.0.0.1 of the host. */
export interface PublishedPort {
  purpose: string;
  /** The port inside the container, fixed by its image. */
  container: number;
  /** The port on 127.0.0.1 of the host. */
  host: number;
}

/** CPU and memory a container may use. */
export interface ContainerLimits {
  /** CPUs, e.g. 1 or 0.5. */
  cpus: number;
  memoryMiB: number;
}

/** One part of the stack as a container. */
export interface ContainerPartDefinition {
  name: string;
  /** The image reference, e.g. `triad/go-api:0.1.0`. */
  image: string;
  /** Parts that must be ready before this one starts. */
  dependsOn: readonly string[];
  environment: Readonly<Record<string, string>>;
  ports: readonly PublishedPort[];
  /** The host port users talk to, shown by `status`. */
  mainPort: number;
  /** The URL printed for users. */
  url: string;
  /** A host URL that returns 200 once the part is ready. */
  readinessUrl: string;
  limits: ContainerLimits;
}

/** The parts of the container stack and the network they share. */
export interface ContainerStackDefinition {
  /** The user-defined network on which parts reach each other by name. */
  network: string;
  parts: readonly ContainerPartDefinition[];
}

/** Inputs of {@link containerStack}. */
export interface ContainerStackOptions {
  ports: StackPorts;
  /** The image tag, the workspace version. */
  tag: string;
  /** Limits of each of the three services; equal, so that comparisons are fair. */
  serviceLimits: ContainerLimits;
  /** Variables added to each service's environment, e.g. by the bench. */
  serviceEnvironment?: Readonly<Record<string, string>>;
}

/**
 * Per-container open-file and process limits. The Docker API passes none of
 * the engine's configured defaults, and Docker's own defaults exceed what
 * rootful podman may set on many hosts; 20000 files cover the benchmark's
 * 10 000 connections.
 */
export const containerUlimits: readonly { name: string; soft: number; hard: number }[] = [
  { name: 'nofile', soft: 20_000, hard: 20_000 },
  { name: 'nproc', soft: 4096, hard: 4096 },
];

/** The limits of each service when no TRIAD_CONTAINER_* variable is set. */
export const defaultServiceLimits: Readonly<ContainerLimits> = { cpus: 1, memoryMiB: 1024 };

const collectorLimits: ContainerLimits = { cpus: 1, memoryMiB: 512 };
const jaegerLimits: ContainerLimits = { cpus: 1, memoryMiB: 1024 };

/** The uid:gid every image runs as. */
export const containerUser = '10001:10001';

const hostAddress = '127.0.0.1';

/**
 * Returns triad's stack as containers on one network: Jaeger, then the
 * Collector, then go-api and dotnet-api, then ts-api, which calls both. Parts
 * reach each other by name on the network. The host reaches each through the
 * ports published on 127.0.0.1, the same ports as the local runtime's.
 */
export function containerStack(options: ContainerStackOptions): ContainerStackDefinition {
  const { ports, tag } = options;
  const image = (name: string): string => `triad/${name}:${tag}`;
  const extra = options.serviceEnvironment ?? {};
  const serviceEnvironment = (name: string): Record<string, string> => ({
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: 'http://otelcol:4317',
    ...extra,
  });

  const jaeger: ContainerPartDefinition = {
    name: 'jaeger',
    image: image('jaeger'),
    dependsOn: [],
    environment: {},
    ports: [
      { purpose: 'query API and UI', container: 16686, host: ports.jaegerQuery },
      { purpose: 'health check', container: 13134, host: ports.jaegerHealth },
    ],
    mainPort: ports.jaegerQuery,
    url: hostUrl(ports.jaegerQuery),
    readinessUrl: `${hostUrl(ports.jaegerQuery)}/api/services`,
    limits: jaegerLimits,
  };
  const otelcol: ContainerPartDefinition = {
    name: 'otelcol',
    image: image('otelcol'),
    dependsOn: ['jaeger'],
    environment: { OTELCOL_JAEGER_ENDPOINT: 'jaeger:14317' },
    ports: [
      { purpose: 'OTLP gRPC', container: 4317, host: ports.otelcolOtlpGrpc },
      { purpose: 'OTLP HTTP', container: 4318, host: ports.otelcolOtlpHttp },
      { purpose: 'health check', container: 13133, host: ports.otelcolHealth },
      { purpose: 'own metrics', container: 8888, host: ports.otelcolMetrics },
    ],
    mainPort: ports.otelcolOtlpGrpc,
    url: hostUrl(ports.otelcolOtlpGrpc),
    readinessUrl: `${hostUrl(ports.otelcolHealth)}/`,
    limits: collectorLimits,
  };
  const service = (name: string, port: number, hostPort: number, dependsOn: string[], environment: Record<string, string>) => ({
    name,
    image: image(name),
    dependsOn,
    environment: { ...serviceEnvironment(name), ...environment },
    ports: [{ purpose: 'HTTP', container: port, host: hostPort }],
    mainPort: hostPort,
    url: hostUrl(hostPort),
    readinessUrl: `${hostUrl(hostPort)}/readyz`,
    limits: options.serviceLimits,
  });

  return {
    network: 'triad',
    parts: [
      jaeger,
      otelcol,
      service('go-api', 8081, ports.goApi, ['otelcol'], {}),
      service('dotnet-api', 8082, ports.dotnetApi, ['otelcol'], {}),
      service('ts-api', 8083, ports.tsApi, ['go-api', 'dotnet-api'], {
        GO_API_URL: 'http://go-api:8081',
        DOTNET_API_URL: 'http://dotnet-api:8082',
      }),
    ],
  };
}

function hostUrl(port: number): string {
  return `http://${hostAddress}:${port}`;
}

/**
 * Returns the services' limits from TRIAD_CONTAINER_CPUS and
 * TRIAD_CONTAINER_MEMORY_MB, or the defaults. Throws a StackError naming the
 * variable when a value is not a positive number, or memory is not a whole
 * number of at least 128 MiB.
 */
export function serviceLimitsFromEnv(env: NodeJS.ProcessEnv): ContainerLimits {
  const limits = {
    cpus: positiveNumber(env, 'TRIAD_CONTAINER_CPUS', defaultServiceLimits.cpus),
    memoryMiB: positiveNumber(env, 'TRIAD_CONTAINER_MEMORY_MB', defaultServiceLimits.memoryMiB),
  };
  // Below about 100 MiB dotnet-api and ts-api are killed as they start, and
  // runc refuses limits of a few MiB outright.
  if (!Number.isInteger(limits.memoryMiB) || limits.memoryMiB < minimumMemoryMiB) {
    throw new StackError(`TRIAD_CONTAINER_MEMORY_MB must be a whole number of at least ${minimumMemoryMiB}, got "${env.TRIAD_CONTAINER_MEMORY_MB ?? ''}"`);
  }
  return limits;
}

/** The smallest memory limit, in MiB, that `serviceLimitsFromEnv` accepts. */
export const minimumMemoryMiB = 128;

function positiveNumber(env: NodeJS.ProcessEnv, variable: string, fallback: number): number {
  const value = env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0) {
    throw new StackError(`${variable} must be a positive number, got "${value}"`);
  }
  return parsed;
}
