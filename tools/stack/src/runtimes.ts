import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerRuntime } from './container-runtime';
import { containerStack, serviceLimitsFromEnv, type ContainerStackDefinition } from './container-stack';
import { StackError } from './errors';
import { LocalRuntime } from './local-runtime';
import { portsFromEnv } from './ports';
import type { StackRuntime } from './runtime';
import { localStack } from './stack-definition';
import { readState } from './state';

/** The names `--runtime` accepts. */
export const runtimeNames = ['local', 'container'] as const;

/** One of {@link runtimeNames}. */
export type RuntimeName = (typeof runtimeNames)[number];

/** Returns `name` as a runtime name, or throws a StackError listing the valid ones. */
export function parseRuntimeName(name: string): RuntimeName {
  if ((runtimeNames as readonly string[]).includes(name)) return name as RuntimeName;
  throw new StackError(`unknown runtime "${name}": use ${runtimeNames.join(' or ')}`);
}

/** Inputs of {@link openRuntime}. */
export interface OpenRuntimeOptions {
  root: string;
  env: NodeJS.ProcessEnv;
}

/** Returns the runtime of that name for the whole stack, with ports (and limits) from the environment. */
export function openRuntime(name: RuntimeName, { root, env }: OpenRuntimeOptions): StackRuntime {
  if (name === 'container') return new ContainerRuntime(root, defaultContainerStack(root, env));
  return new LocalRuntime(root, localStack({ root, ports: portsFromEnv(env), env }));
}

/** Returns the container stack with the images of this checkout's version, and ports and limits from the environment. */
export function defaultContainerStack(root: string, env: NodeJS.ProcessEnv): ContainerStackDefinition {
  return containerStack({ ports: portsFromEnv(env), tag: workspaceVersion(root), serviceLimits: serviceLimitsFromEnv(env) });
}

/**
 * Returns the runtime of the stack that runs now, as its state file names it,
 * or `fallback` when nothing runs.
 */
export async function runningRuntimeName(root: string, fallback: RuntimeName): Promise<RuntimeName> {
  const state = await readState(root);
  return state === undefined ? fallback : parseRuntimeName(state.runtime);
}

/** Returns the `version` of the workspace's package.json, which tags the images. */
export function workspaceVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  if (manifest.version === undefined) throw new StackError(`${join(root, 'package.json')} has no version`);
  return manifest.version;
}
