import { accessSync, constants } from 'node:fs';
import path from 'node:path';

import {
  ContainerRuntime,
  containerStack,
  LocalRuntime,
  localStack,
  portsFromEnv,
  serviceLimitsFromEnv,
  StackError,
  workspaceVersion,
  type ContainerStackDefinition,
  type PartDefinition,
  type StackDefinition,
  type StackRuntime,
  type StackState,
} from '@triad/stack';

import type { RuntimeName, ServiceName } from '../report/types';
import type { RunningService } from './machine';

const SERVICE_PARTS: readonly string[] = ['go-api', 'dotnet-api', 'ts-api'];

/** Options of {@link benchStack}. */
export interface BenchStackOptions {
  root: string;
  services: readonly ServiceName[];
  /** SIMULATED_IO_MS of every service. */
  simulatedIoMs: number;
  env: NodeJS.ProcessEnv;
  /** Local processes (the default) or containers. */
  runtime?: RuntimeName;
  /** Starts the services with OTEL_SDK_DISABLED=true, for the untraced half of the tracing cost. */
  tracingDisabled?: boolean;
  /** Also starts dotnet-api's .NET 10 build as the part {@link DOTNET_NET10_PART}; local runtime only. */
  dotnetNet10?: boolean;
}

/** Name of the part that runs dotnet-api's .NET 10 build beside the .NET 8 one. */
export const DOTNET_NET10_PART = 'dotnet-api-net10';

/** Port of the .NET 10 build when TRIAD_DOTNET_API_NET10_PORT is unset. */
export const DOTNET_NET10_DEFAULT_PORT = 8084;

/** Returns the executable of dotnet-api's .NET 10 build, which `nx run dotnet-api:build` publishes to dist-net10. */
export function dotnetNet10Binary(root: string): string {
  return path.join(root, 'services', 'dotnet-api', 'dist-net10', 'Triad.DotnetApi');
}

/** Reports whether dotnet-api's .NET 10 build exists and can be run. */
export function dotnetNet10Built(root: string): boolean {
  try {
    accessSync(dotnetNet10Binary(root), constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Returns the stack with only the chosen services, each started with the
 * given simulated wait. The services sample by the caller's `traceparent`
 * flag, so only the requests that the load generator samples produce spans.
 */
export function benchStack(options: BenchStackOptions): StackRuntime {
  if (options.runtime === 'container') {
    return new ContainerRuntime(options.root, benchContainerStack(options));
  }
  return new LocalRuntime(options.root, benchStackDefinition(options));
}

/** Returns the containers {@link benchStack} starts on the container runtime. */
export function benchContainerStack(options: BenchStackOptions): ContainerStackDefinition {
  const definition = containerStack({
    ports: portsFromEnv(options.env),
    tag: workspaceVersion(options.root),
    serviceLimits: serviceLimitsFromEnv(options.env),
    serviceEnvironment: benchServiceEnvironment(options),
  });
  const keep = new Set<string>(['jaeger', 'otelcol', ...options.services]);
  const parts = definition.parts
    .filter((part) => keep.has(part.name))
    .map((part) => ({ ...part, dependsOn: part.dependsOn.filter((dependency) => keep.has(dependency)) }));
  return { ...definition, parts };
}

function benchServiceEnvironment(options: BenchStackOptions): Record<string, string> {
  const environment: Record<string, string> = {
    SIMULATED_IO_MS: String(options.simulatedIoMs),
    OTEL_TRACES_SAMPLER: 'parentbased_always_on',
  };
  if (options.tracingDisabled === true) {
    environment.OTEL_SDK_DISABLED = 'true';
  }
  return environment;
}

/** Returns the parts {@link benchStack} starts. */
export function benchStackDefinition(options: BenchStackOptions): StackDefinition {
  const { parts } = serviceParts(options);
  if (options.dotnetNet10 !== true) return { parts };
  return { parts: [...parts, dotnetNet10Part(options, parts)] };
}

// The .NET 10 build runs with dotnet-api's own environment on its own port.
// It keeps the service name dotnet-api, so that its traces verify as
// dotnet-api's, and service.instance.id marks which build made a span.
function dotnetNet10Part(options: BenchStackOptions, parts: readonly PartDefinition[]): PartDefinition {
  const dotnet = parts.find((part) => part.name === 'dotnet-api');
  if (dotnet === undefined) {
    throw new StackError('the .NET 10 build of dotnet-api runs only beside dotnet-api');
  }
  const port = dotnetNet10Port(options.env);
  const usedPorts = parts.flatMap((part) => part.ports.map((entry) => ({ part: part.name, port: entry.port })));
  const clash = usedPorts.find((entry) => entry.port === port);
  if (clash !== undefined) {
    throw new StackError(`Port ${port} is set for both ${clash.part} and ${DOTNET_NET10_PART}`, [
      'Choose another port with TRIAD_DOTNET_API_NET10_PORT.',
    ]);
  }
  const url = `http://127.0.0.1:${port}`;
  return {
    name: DOTNET_NET10_PART,
    dependsOn: dotnet.dependsOn,
    ports: [{ purpose: 'HTTP', port }],
    mainPort: port,
    url,
    readinessUrl: `${url}/readyz`,
    launch: () => {
      const spec = dotnet.launch();
      const binary = dotnetNet10Binary(options.root);
      if (!dotnetNet10Built(options.root)) {
        throw new StackError(`${DOTNET_NET10_PART} is not built: ${binary} is missing`, ['Build it with `npx nx run dotnet-api:build`.']);
      }
      return {
        ...spec,
        command: binary,
        env: { ...spec.env, PORT: String(port), OTEL_RESOURCE_ATTRIBUTES: `service.instance.id=${DOTNET_NET10_PART}` },
      };
    },
  };
}

function dotnetNet10Port(env: NodeJS.ProcessEnv): number {
  const value = env.TRIAD_DOTNET_API_NET10_PORT;
  if (value === undefined || value === '') return DOTNET_NET10_DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new StackError(`TRIAD_DOTNET_API_NET10_PORT must be a TCP port from 1 to 65535, got "${value}"`);
  }
  return port;
}

function serviceParts(options: BenchStackOptions): StackDefinition {
  const base = localStack({ root: options.root, ports: portsFromEnv(options.env), env: options.env });
  const keep = new Set<string>(['jaeger', 'otelcol', ...options.services]);
  const parts = base.parts
    .filter((part) => keep.has(part.name))
    .map((part): PartDefinition => {
      const dependsOn = part.dependsOn.filter((dependency) => keep.has(dependency));
      if (!SERVICE_PARTS.includes(part.name)) {
        return { ...part, dependsOn };
      }
      return {
        ...part,
        dependsOn,
        launch: () => {
          const spec = part.launch();
          return {
            ...spec,
            env: { ...spec.env, ...benchServiceEnvironment(options) },
          };
        },
      };
    });
  return { parts };
}

/** Returns the .NET 10 build of dotnet-api from a stack state, labelled as dotnet-api, if the stack runs it. */
export function runningDotnetNet10(state: StackState): RunningService | undefined {
  const part = state.parts.find((candidate) => candidate.name === DOTNET_NET10_PART);
  return part === undefined ? undefined : { name: 'dotnet-api', pid: part.pid, url: part.url };
}

/** Returns the running services of a stack state, in the order given. */
export function runningServices(state: StackState, services: readonly ServiceName[]): RunningService[] {
  return services.map((name) => {
    const part = state.parts.find((candidate) => candidate.name === name);
    if (part === undefined) {
      throw new Error(`the stack state has no part named ${name}`);
    }
    return { name, pid: part.pid, url: part.url };
  });
}

/**
 * Returns the URL of the Collector's own Prometheus metrics. Both runtimes
 * serve them on 127.0.0.1 at the port of TRIAD_OTELCOL_METRICS_PORT.
 */
export function collectorMetricsUrl(env: NodeJS.ProcessEnv): string {
  return `http://127.0.0.1:${portsFromEnv(env).otelcolMetrics}/metrics`;
}

/** Returns the base URL of Jaeger's query API from a stack state. */
export function jaegerUrl(state: StackState): string {
  const jaeger = state.parts.find((part) => part.name === 'jaeger');
  if (jaeger === undefined) {
    throw new Error('the stack state has no part named jaeger');
  }
  return jaeger.url;
}
