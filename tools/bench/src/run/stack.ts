import {
  ContainerRuntime,
  containerStack,
  LocalRuntime,
  localStack,
  portsFromEnv,
  serviceLimitsFromEnv,
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
