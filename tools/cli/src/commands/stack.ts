import {
  buildImages,
  buildServices,
  composeFilePath,
  findRepoRoot,
  openRuntime,
  parseRuntimeName,
  renderCompose,
  readState,
  runningRuntimeName,
  EngineUnavailableError,
  workspaceVersion,
  type PartStatus,
  type StoppedPart,
  type RuntimeName,
  type StackRuntime,
} from '@triad/stack';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError, type Command, type CommandContext } from '../command';
import { followLogs, printLogs } from './stack-logs';

const runtimeOption = {
  type: 'string',
  valueName: 'name',
  description: 'local (processes, the default) or container (Docker or podman through DOCKER_HOST).',
} as const;

// `up` takes the runtime from its option. The other commands act on the
// stack that runs, whichever runtime started it, and use the option only
// when no stack runs (e.g. `down --runtime container` after a crash).
async function chosenRuntime(
  { cwd, env, options }: CommandContext,
  which: 'option' | 'running',
): Promise<{ root: string; name: RuntimeName; runtime: StackRuntime }> {
  const root = findRepoRoot(cwd);
  const requested = parseRuntimeOption(options.runtime);
  const name = which === 'option' ? requested : await runningRuntimeName(root, requested);
  return { root, name, runtime: openRuntime(name, { root, env }) };
}

function parseRuntimeOption(value: string | boolean | undefined): RuntimeName {
  if (value === undefined) return 'local';
  try {
    return parseRuntimeName(String(value));
  } catch (error) {
    throw new UsageError(`--runtime: ${(error as Error).message}`);
  }
}

const upCommand: Command = {
  name: 'up',
  summary: 'Builds the services and starts Jaeger, the Collector and the three services.',
  description: [
    'Runs `npx nx run-many -t build -p go-api dotnet-api ts-api`, checks that every port is free,',
    'then starts each part in dependency order and waits until it is ready. Logs go to .triad/runs/<time>/.',
    'Ports: TRIAD_<PART>_PORT variables (e.g. TRIAD_TS_API_PORT). Binaries: PATH, or JAEGER_BIN and OTELCOL_BIN.',
    'With --runtime container, builds the images instead (`npx nx run-many -t image image-otelcol image-jaeger`)',
    'and starts them as containers on the network "triad", ports published on 127.0.0.1; each service gets',
    'TRIAD_CONTAINER_CPUS CPUs (default 1) and TRIAD_CONTAINER_MEMORY_MB MiB of memory (default 1024).',
  ],
  options: {
    runtime: runtimeOption,
    detach: { type: 'boolean', short: 'd', description: 'Leave the stack running and return; stop it with `triad stack down`.' },
    'no-build': { type: 'boolean', description: 'Start the build output as it is, without running the Nx build.' },
    'ready-timeout': {
      type: 'string',
      valueName: 'ms',
      description: 'How long each part may take to become ready, in milliseconds (default 60000).',
    },
  },
  run: runUp,
};

async function runUp(context: CommandContext): Promise<number> {
  const { options, output } = context;
  const readinessTimeoutMs = Number(options['ready-timeout'] ?? 60_000);
  if (!Number.isFinite(readinessTimeoutMs) || readinessTimeoutMs <= 0) {
    throw new UsageError(`--ready-timeout must be a positive number of milliseconds, got "${String(options['ready-timeout'])}"`);
  }
  const { root, name, runtime } = await chosenRuntime(context, 'option');
  const started = Date.now();

  if (!options['no-build'] && name === 'container') {
    output.note({ title: 'Building the images of go-api, dotnet-api, ts-api, the Collector and Jaeger' });
    await buildImages(root);
  } else if (!options['no-build']) {
    output.note({ title: 'Building go-api, dotnet-api and ts-api' });
    await buildServices(root);
  }
  output.note({ title: `Starting the stack (${name} runtime)` });
  const state = await runtime.up({
    readinessTimeoutMs,
    onEvent: (event) => {
      if (event.type === 'ready') {
        output.log(`  ${output.paint('green', '✔')} ${event.part.padEnd(10)}  ready in ${seconds(event.elapsedMs)}`);
      }
    },
  });

  output.success({
    title: `The stack is up (${seconds(Date.now() - started)})`,
    bodyLines: [
      ...state.parts.map((part) => `  ${part.name.padEnd(10)}  ${part.url}`),
      '',
      `Logs: ${state.runDir}`,
      options.detach ? 'Stop it with `triad stack down`.' : 'Press Ctrl-C to stop it.',
    ],
  });
  if (options.detach) return 0;
  return stayInForeground(context, runtime);
}

// Waits for Ctrl-C (or SIGTERM), or for a part to exit on its own, then stops everything.
async function stayInForeground(context: CommandContext, runtime: StackRuntime): Promise<number> {
  const { output } = context;
  const watching = new AbortController();
  const exitedPart = watchForExit(runtime, watching.signal);
  const reason = await Promise.race([context.interrupted.then((signal) => ({ signal })), exitedPart.then((part) => ({ part }))]);
  watching.abort();

  if ('part' in reason && reason.part) {
    output.error({ title: `${reason.part} exited; stopping the stack`, bodyLines: ['See `triad stack logs ' + reason.part + '`.'] });
  } else {
    output.note({ title: 'Stopping the stack' });
  }
  const stopped = await runtime.down();
  output.log(...stopped.map((part) => `  ${part.name.padEnd(10)}  ${part.outcome}`));
  return 'part' in reason ? 1 : 0;
}

async function watchForExit(runtime: StackRuntime, signal: AbortSignal): Promise<string | undefined> {
  while (!signal.aborted) {
    const status = await runtime.status();
    const gone = status?.find((part) => !part.running);
    if (gone) return gone.name;
    await sleep(1000, undefined, { signal }).catch(() => undefined);
  }
  return undefined;
}

const downCommand: Command = {
  name: 'down',
  summary: 'Stops every part the last `triad stack up` started, in reverse order.',
  description: ['Sends SIGTERM, then SIGKILL to a part still running after the grace period. Exits with 0 also when nothing runs.'],
  options: {
    grace: { type: 'string', valueName: 'ms', description: 'Time from SIGTERM to SIGKILL, in milliseconds (default 15000).' },
    runtime: { ...runtimeOption, description: 'When no stack runs: the runtime whose leftovers to remove (container).' },
  },
  run: async (context) => {
    const graceMs = Number(context.options.grace ?? 15_000);
    if (!Number.isFinite(graceMs) || graceMs < 0) throw new UsageError(`--grace must be milliseconds, got "${String(context.options.grace)}"`);
    const { root, runtime } = await chosenRuntime(context, 'running');
    const stateExisted = (await readState(root)) !== undefined;
    let stopped = await runtime.down({ graceMs });
    if (stopped.length === 0 && !stateExisted && context.options.runtime === undefined) {
      stopped = await containerLeftovers(context, root, graceMs);
    }
    if (stopped.length === 0) {
      context.output.note({ title: 'The stack is not running' });
      return 0;
    }
    context.output.success({
      title: 'Stopped the stack',
      bodyLines: stopped.map((part) => `  ${part.name.padEnd(10)}  ${part.pid > 0 ? `pid ${String(part.pid).padEnd(8)}` : ''.padEnd(12)}  ${part.outcome}`),
    });
    return 0;
  },
};

// Without a state file, `down` also removes containers labelled with this
// checkout, which a container run leaves when its state file is lost. A
// machine without a container engine has none to remove.
async function containerLeftovers(context: CommandContext, root: string, graceMs: number): Promise<StoppedPart[]> {
  try {
    return await openRuntime('container', { root, env: context.env }).down({ graceMs });
  } catch (error) {
    if (error instanceof EngineUnavailableError) return [];
    // A folder without the workspace's package.json has no images to name.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

const statusCommand: Command = {
  name: 'status',
  summary: 'Shows each part: pid, port, readiness and resident memory.',
  description: ['Exits with 0 when every part is ready, 1 when one is not, 3 when the stack is not running.'],
  run: async (context) => {
    const status = await (await chosenRuntime(context, 'running')).runtime.status();
    if (!status) {
      context.output.note({ title: 'The stack is not running', bodyLines: ['Start it with `triad stack up`.'] });
      return 3;
    }
    context.output.log(...statusTable(status));
    return status.every((part) => part.ready) ? 0 : 1;
  },
};

/** Formats `status` as an aligned table. */
export function statusTable(status: readonly PartStatus[]): string[] {
  const memory = status.some((part) => part.memorySource === 'cgroup') ? 'MEMORY (cgroup)' : 'RSS';
  const rows = [
    ['PART', 'PID', 'PORT', 'READY', memory],
    ...status.map((part) => [
      part.name,
      String(part.pid),
      String(part.port),
      readiness(part),
      part.rssBytes === undefined ? '-' : `${(part.rssBytes / 1024 / 1024).toFixed(1)} MiB`,
    ]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd());
}

const logsCommand: Command = {
  name: 'logs',
  summary: 'Prints the logs of the running stack, or of the latest run.',
  usage: '[part]',
  options: {
    follow: { type: 'boolean', short: 'f', description: 'Keep printing new lines until Ctrl-C.' },
  },
  run: async (context) => {
    const [part, ...extra] = context.positionals;
    if (extra.length > 0) throw new UsageError('stack logs takes at most one part');
    const { runtime } = await chosenRuntime(context, 'running');
    const logs = await runtime.logs();
    if (logs.length === 0) {
      context.output.note({ title: 'No logs yet', bodyLines: ['`triad stack up` writes them to .triad/runs/<time>/.'] });
      return 0;
    }
    const selected = part === undefined ? logs : logs.filter((log) => log.part === part);
    if (selected.length === 0) {
      throw new UsageError(`no log of "${part ?? ''}"; parts with logs: ${logs.map((log) => log.part).join(', ')}`);
    }
    const offsets = await printLogs(context.output, selected);
    // A container's output is copied into its file by each call of logs().
    const refresh =
      runtime.name === 'container'
        ? async () => {
            await runtime.logs();
          }
        : undefined;
    if (context.options.follow) await followLogs(context.output, selected, offsets, context.interrupted, refresh);
    return 0;
  },
};

const composeCommand: Command = {
  name: 'compose',
  summary: `Writes ${composeFilePath} from the container stack's definition.`,
  description: ['The file contains the default ports and limits. With --check, only reports whether it is up to date.'],
  options: {
    check: { type: 'boolean', description: 'Exit with 1, writing nothing, when the file differs from the definition.' },
  },
  run: async (context) => {
    const root = findRepoRoot(context.cwd);
    const path = join(root, composeFilePath);
    const expected = renderCompose(workspaceVersion(root));
    const current = await readFile(path, 'utf8').catch(() => undefined);
    if (context.options.check) {
      if (current === expected) {
        context.output.note({ title: `${composeFilePath} is up to date` });
        return 0;
      }
      context.output.error({ title: `${composeFilePath} differs from the stack definition`, bodyLines: ['Regenerate it with `npx triad stack compose`.'] });
      return 1;
    }
    await writeFile(path, expected);
    context.output.success({ title: current === expected ? `${composeFilePath} was up to date` : `Wrote ${composeFilePath}` });
    return 0;
  },
};

/** `triad stack ...`: the whole stack as local processes or containers. */
export const stackCommand: Command = {
  name: 'stack',
  summary: 'Starts, stops and inspects Jaeger, the Collector and the three services.',
  subcommands: [upCommand, downCommand, statusCommand, logsCommand, composeCommand],
};

function readiness(part: PartStatus): string {
  if (!part.running) return 'exited';
  return part.ready ? 'yes' : 'no';
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
