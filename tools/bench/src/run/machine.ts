import { execFile } from 'node:child_process';
import { readFile, readlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { MachineInfo, ServiceName, ServiceRuntime } from '../report/types';

const execFileAsync = promisify(execFile);

/** A running service: its name, pid and base URL, from the stack's state. */
export interface RunningService {
  name: ServiceName;
  pid: number;
  url: string;
}

/** Describes this machine and the runtime each running service uses. */
export async function describeMachine(services: readonly RunningService[]): Promise<MachineInfo> {
  const cpus = os.cpus();
  return {
    cpu_model: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memory_mb: Math.round(os.totalmem() / 1024 / 1024),
    os: await osName(),
    kernel: os.release(),
    arch: os.arch(),
    node_version: process.version,
    services: await Promise.all(services.map(describeRuntime)),
  };
}

async function osName(): Promise<string> {
  try {
    const release = await readFile('/etc/os-release', 'utf8');
    const pretty = /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(release)?.[1];
    return pretty ?? `${os.type()} ${os.release()}`;
  } catch {
    return `${os.type()} ${os.release()}`;
  }
}

/** Finds the runtime version a service runs on, from its executable; "unknown" with the reason when it cannot. */
export async function describeRuntime(service: RunningService): Promise<ServiceRuntime> {
  try {
    // Read through the process's own root, so that the path also resolves
    // for a process in a container (its root is then the image's file system).
    const executable = path.join(`/proc/${service.pid}/root`, await readlink(`/proc/${service.pid}/exe`));
    switch (service.name) {
      case 'go-api':
        return await goRuntime(service, executable);
      case 'dotnet-api':
        return await dotnetRuntime(service, executable);
      case 'ts-api':
        return await nodeRuntime(service, executable);
    }
  } catch (error) {
    return { service: service.name, runtime: 'unknown', source: (error as Error).message };
  }
}

// `go version <binary>` prints the Go release the binary was built with: "<path>: go1.26.0".
async function goRuntime(service: RunningService, executable: string): Promise<ServiceRuntime> {
  try {
    const { stdout } = await execFileAsync('go', ['version', executable]);
    const version = /:\s*(go\S+)/.exec(stdout)?.[1];
    if (version !== undefined) {
      return { service: service.name, runtime: version, source: `go version ${executable}` };
    }
  } catch {
    // No Go toolchain on PATH: the runtime's own metric names the version as well.
  }
  const metrics = await (await fetch(new URL('/metrics', service.url))).text();
  const version = /^go_info\{version="([^"]+)"\}/m.exec(metrics)?.[1];
  return { service: service.name, runtime: version ?? 'unknown', source: 'go_info in /metrics' };
}

interface RuntimeConfig {
  runtimeOptions?: {
    includedFrameworks?: { name: string; version: string }[];
    framework?: { name: string; version: string };
    frameworks?: { name: string; version: string }[];
    configProperties?: Record<string, unknown>;
  };
}

// A self-contained publish lists the runtime it carries under includedFrameworks.
// A framework-dependent one names the minimum version it requires of the host.
async function dotnetRuntime(service: RunningService, executable: string): Promise<ServiceRuntime> {
  const configPath = path.join(path.dirname(executable), `${path.basename(executable)}.runtimeconfig.json`);
  const config = JSON.parse(await readFile(configPath, 'utf8')) as RuntimeConfig;
  const options = config.runtimeOptions ?? {};
  const isCore = (framework: { name: string }) => framework.name === 'Microsoft.NETCore.App';
  const included = options.includedFrameworks?.find(isCore);
  const requested = options.framework ?? options.frameworks?.find(isCore);
  const gc = options.configProperties?.['System.GC.Server'] === true ? 'Server GC' : 'workstation GC';
  const runtime =
    included !== undefined
      ? `.NET ${included.version} (self-contained, ${gc})`
      : `.NET ${requested?.version ?? 'unknown'} or later (framework-dependent, ${gc})`;
  return { service: service.name, runtime, source: configPath };
}

async function nodeRuntime(service: RunningService, executable: string): Promise<ServiceRuntime> {
  const { stdout } = await execFileAsync(executable, ['--version']);
  return { service: service.name, runtime: `Node.js ${stdout.trim()}`, source: `${executable} --version` };
}
