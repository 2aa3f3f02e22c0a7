import {
  LocalRuntime,
  localStack,
  portsFromEnv,
  type PartDefinition,
  type StackDefinition,
  type StackState,
} from '@triad/stack';

import type { ServiceName } from '../report/types';
import type { RunningService } from './machine';

const SERVICE_PARTS: readonly string[] = ['go-api', 'dotnet-api', 'ts-api'];

/** Options of {@link benchStack}. */
export interface BenchStackOptions {
  root: string;
  services: readonly ServiceName[];
  /** SIMULATED_IO_MS of every service. */
  simulatedIoMs: number;
  env: NodeJS.ProcessEnv;
}

/**
 * Returns the local stack with only the chosen services, each started with
 * the given simulated wait. The services sample by the caller's `traceparent`
 * flag, so only the requests that the load generator samples produce spans.
 */
export function benchStack(options: BenchStackOptions): LocalRuntime {
  return new LocalRuntime(options.root, benchStackDefinition(options));
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
            env: {
              ...spec.env,
              SIMULATED_IO_MS: String(options.simulatedIoMs),
              OTEL_TRACES_SAMPLER: 'parentbased_always_on',
            },
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
