import { existsSync } from 'node:fs';
import path from 'node:path';

/** Name of a service that implements the shared API. */
export type ServiceName = 'go-api' | 'dotnet-api' | 'ts-api';

/** Every implementation the suite knows how to start, in the order it tests them. */
export const serviceNames: readonly ServiceName[] = ['go-api', 'dotnet-api', 'ts-api'];

/** How to start one service from its build output. */
export interface ServiceCommand {
  readonly command: string;
  readonly args: readonly string[];
  /** Nx target that produces the files `command` runs. */
  readonly buildTarget: string;
}

/** Returns the workspace root: the nearest folder above this file that holds nx.json. */
export function workspaceRoot(start: string = __dirname): string {
  let dir = start;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`no nx.json found above ${start}`);
    }
    dir = parent;
  }
  return dir;
}

/** Returns the command that runs `name` from the artifact its Nx build target writes. */
export function serviceCommand(name: ServiceName, root: string = workspaceRoot()): ServiceCommand {
  switch (name) {
    case 'go-api':
      return {
        command: path.join(root, 'services/go-api/dist/go-api'),
        args: [],
        buildTarget: 'go-api:build',
      };
    case 'dotnet-api':
      return {
        command: path.join(root, 'services/dotnet-api/dist/Triad.DotnetApi'),
        args: [],
        buildTarget: 'dotnet-api:build',
      };
    case 'ts-api':
      return {
        command: process.execPath,
        args: [path.join(root, 'services/ts-api/dist/main.js')],
        buildTarget: 'ts-api:build',
      };
  }
}

/** Reports whether `value` names a known service. */
export function isServiceName(value: string): value is ServiceName {
  return (serviceNames as readonly string[]).includes(value);
}
