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
    serviceEnvironment: benchServiceEnvironment(options.simulatedIoMs),
  });
  const keep = new Set<string>(['jaeger', 'otelcol', ...options.services]);
  const parts = definition.parts
    .filter((part) => keep.has(part.name))
    .map((part) => ({ ...part, dependsOn: part.dependsOn.filter((dependency) => keep.has(dependency)) }));
  return { ...definition, parts };
}

function benchServiceEnvironment(simulatedIoMs: number): Record<string, string> {
  return { SIMULATED_IO_MS: String(simulatedIoMs), OTEL_TRACES_SAMPLER: 'parentbased_always_on' };
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
            env: { ...spec.env, ...benchServiceEnvironment(options.simulatedIoMs) },
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

/** Returns the base URL of Jaeger's query API from a stack state. */
export function jaegerUrl(state: StackState): string {
  const jaeger = state.parts.find((part) => part.name === 'jaeger');
  if (jaeger === undefined) {
    throw new Error('the stack state has no part named jaeger');
  }
  return jaeger.url;
}
