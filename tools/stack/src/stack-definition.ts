import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { findBinary, isExecutableFile, jaegerBinary, otelcolBinary } from './binaries';
import { StackError } from './errors';
import type { PartPort } from './ports';
import type { StackPorts } from './ports';
import type { LaunchSpec } from './processes';

/** One part of the stack: what it listens on, when it is ready, and how to start it. */
export interface PartDefinition {
  name: string;
  /** Parts that must be ready before this one starts. */
  dependsOn: readonly string[];
  /** Every port the part listens on; all must be free before `up`. */
  ports: readonly Omit<PartPort, 'part'>[];
  /** The port users talk to, shown by `status`. */
  mainPort: number;
  /** The URL printed for users. */
  url: string;
  /** A URL that returns 200 once the part is ready. */
  readinessUrl: string;
  /** Resolves how to start the part; throws a StackError when its binary is missing. */
  launch(): LaunchSpec;
}

/** The parts of a stack; their order is irrelevant, `dependsOn` decides. */
export interface StackDefinition {
  parts: readonly PartDefinition[];
}

/** Inputs of {@link localStack}. */
export interface LocalStackOptions {
  /** The repository root, for observability/ and the services' build output. */
  root: string;
  ports: StackPorts;
  /** The environment to look binaries up in (PATH, JAEGER_BIN, OTELCOL_BIN). */
  env: NodeJS.ProcessEnv;
}

const host = '127.0.0.1';

/**
 * Returns triad's stack as local processes: Jaeger, then the Collector, then
 * go-api and dotnet-api, then ts-api, which calls both.
 */
export function localStack(options: LocalStackOptions): StackDefinition {
  return { parts: [jaeger(options), otelcol(options), goApi(options), dotnetApi(options), tsApi(options)] };
}

function jaeger({ root, ports, env }: LocalStackOptions): PartDefinition {
  return {
    name: 'jaeger',
    dependsOn: [],
    ports: [
      { purpose: 'OTLP gRPC', port: ports.jaegerOtlpGrpc },
      { purpose: 'OTLP HTTP', port: ports.jaegerOtlpHttp },
      { purpose: 'query API and UI', port: ports.jaegerQuery },
      { purpose: 'query gRPC', port: ports.jaegerQueryGrpc },
      { purpose: 'health check', port: ports.jaegerHealth },
    ],
    mainPort: ports.jaegerQuery,
    url: `http://${host}:${ports.jaegerQuery}`,
    // The query API responds only once the storage and query extensions run.
    readinessUrl: `http://${host}:${ports.jaegerQuery}/api/services`,
    launch: () => ({
      command: findBinary(jaegerBinary, env),
      args: ['--config', join(root, 'observability', 'jaeger.yaml')],
      env: {
        JAEGER_OTLP_GRPC_ENDPOINT: `${host}:${ports.jaegerOtlpGrpc}`,
        JAEGER_OTLP_HTTP_ENDPOINT: `${host}:${ports.jaegerOtlpHttp}`,
        JAEGER_QUERY_HTTP_ENDPOINT: `${host}:${ports.jaegerQuery}`,
        JAEGER_QUERY_GRPC_ENDPOINT: `${host}:${ports.jaegerQueryGrpc}`,
        JAEGER_HEALTH_ENDPOINT: `${host}:${ports.jaegerHealth}`,
      },
      cwd: root,
    }),
  };
}

function otelcol({ root, ports, env }: LocalStackOptions): PartDefinition {
  return {
    name: 'otelcol',
    dependsOn: ['jaeger'],
    ports: [
      { purpose: 'OTLP gRPC', port: ports.otelcolOtlpGrpc },
      { purpose: 'OTLP HTTP', port: ports.otelcolOtlpHttp },
      { purpose: 'health check', port: ports.otelcolHealth },
      { purpose: 'own metrics', port: ports.otelcolMetrics },
    ],
    mainPort: ports.otelcolOtlpGrpc,
    url: `http://${host}:${ports.otelcolOtlpGrpc}`,
    readinessUrl: `http://${host}:${ports.otelcolHealth}/`,
    launch: () => ({
      command: findBinary(otelcolBinary, env),
      args: [`--config=${join(root, 'observability', 'otelcol.yaml')}`],
      env: {
        OTELCOL_OTLP_GRPC_ENDPOINT: `${host}:${ports.otelcolOtlpGrpc}`,
        OTELCOL_OTLP_HTTP_ENDPOINT: `${host}:${ports.otelcolOtlpHttp}`,
        OTELCOL_HEALTH_ENDPOINT: `${host}:${ports.otelcolHealth}`,
        OTELCOL_METRICS_HOST: host,
        OTELCOL_METRICS_PORT: String(ports.otelcolMetrics),
        OTELCOL_JAEGER_ENDPOINT: `${host}:${ports.jaegerOtlpGrpc}`,
      },
      cwd: root,
    }),
  };
}

function serviceEnv(name: string, port: number, ports: StackPorts): Record<string, string> {
  return {
    HOST: host,
    PORT: String(port),
    OTEL_SERVICE_NAME: name,
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://${host}:${ports.otelcolOtlpGrpc}`,
  };
}

function service(name: string, port: number, dependsOn: string[], launch: () => LaunchSpec): PartDefinition {
  return {
    name,
    dependsOn,
    ports: [{ purpose: 'HTTP', port }],
    mainPort: port,
    url: `http://${host}:${port}`,
    readinessUrl: `http://${host}:${port}/readyz`,
    launch,
  };
}

function goApi({ root, ports }: LocalStackOptions): PartDefinition {
  const binary = join(root, 'services', 'go-api', 'dist', 'go-api');
  return service('go-api', ports.goApi, ['otelcol'], () => ({
    command: requireArtifact('go-api', binary, isExecutableFile),
    args: [],
    env: serviceEnv('go-api', ports.goApi, ports),
    cwd: root,
  }));
}

function dotnetApi({ root, ports }: LocalStackOptions): PartDefinition {
  const binary = join(root, 'services', 'dotnet-api', 'dist', 'Triad.DotnetApi');
  return service('dotnet-api', ports.dotnetApi, ['otelcol'], () => ({
    command: requireArtifact('dotnet-api', binary, isExecutableFile),
    args: [],
    env: serviceEnv('dotnet-api', ports.dotnetApi, ports),
    cwd: root,
  }));
}

function tsApi({ root, ports }: LocalStackOptions): PartDefinition {
  const main = join(root, 'services', 'ts-api', 'dist', 'main.js');
  return service('ts-api', ports.tsApi, ['go-api', 'dotnet-api'], () => ({
    command: process.execPath,
    args: [requireArtifact('ts-api', main, existsSync)],
    env: {
      ...serviceEnv('ts-api', ports.tsApi, ports),
      GO_API_URL: `http://${host}:${ports.goApi}`,
      DOTNET_API_URL: `http://${host}:${ports.dotnetApi}`,
    },
    cwd: root,
  }));
}

function requireArtifact(part: string, path: string, exists: (path: string) => boolean): string {
  if (exists(path)) return path;
  throw new StackError(`${part} is not built: ${path} is missing`, [
    `Build it with \`npx nx run ${part}:build\`, or run \`triad stack up\` without --no-build.`,
  ]);
}

/**
 * Groups parts into start levels: each level's parts depend only on parts of
 * earlier levels, so a level starts at once. Throws on an unknown dependency
 * or a cycle.
 */
export function startLevels<Part extends { name: string; dependsOn: readonly string[] }>(definition: {
  parts: readonly Part[];
}): Part[][] {
  const names = new Set(definition.parts.map((part) => part.name));
  for (const part of definition.parts) {
    const unknown = part.dependsOn.find((dependency) => !names.has(dependency));
    if (unknown) throw new StackError(`${part.name} depends on ${unknown}, which is not a part of the stack`);
  }

  const levels: Part[][] = [];
  const placed = new Set<string>();
  let remaining = [...definition.parts];
  while (remaining.length > 0) {
    const level = remaining.filter((part) => part.dependsOn.every((dependency) => placed.has(dependency)));
    if (level.length === 0) {
      throw new StackError(`the parts ${remaining.map((part) => part.name).join(', ')} depend on each other in a cycle`);
    }
    levels.push(level);
    for (const part of level) placed.add(part.name);
    remaining = remaining.filter((part) => !level.includes(part));
  }
  return levels;
}
