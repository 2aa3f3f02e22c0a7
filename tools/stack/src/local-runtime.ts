import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StackError } from './errors';
import { lastLines } from './log-tail';
import { assertPortsFree } from './ports';
import { isRunning, residentMemoryBytes, startDetached, stopProcess, type LaunchSpec } from './processes';
import { probe, waitForReady } from './readiness';
import type { DownOptions, PartLog, PartStatus, StackRuntime, StoppedPart, UpOptions } from './runtime';
import { startLevels, type PartDefinition, type StackDefinition } from './stack-definition';
import { readState, removeState, writeState, type PartState, type StackState } from './state';

const defaultReadinessTimeoutMs = 60_000;
// Longer than the services' default SHUTDOWN_TIMEOUT_MS (10 s), so that a
// drain that uses its whole budget still ends on its own.
const defaultGraceMs = 15_000;
const logTailLines = 20;

/** Runs the stack as processes on this machine, with state and logs below `<root>/.triad/`. */
export class LocalRuntime implements StackRuntime {
  readonly name = 'local';

  constructor(
    private readonly root: string,
    private readonly definition: StackDefinition,
  ) {}

  async up(options: UpOptions = {}): Promise<StackState> {
    await this.assertNotRunning();
    const levels = startLevels(this.definition);
    const launches = new Map(this.definition.parts.map((part) => [part.name, part.launch()]));
    await assertPortsFree(this.definition.parts.flatMap((part) => part.ports.map((port) => ({ part: part.name, ...port }))));

    const runDir = join(this.root, '.triad', 'runs', runDirName(new Date()));
    await mkdir(runDir, { recursive: true });
    const state: StackState = { runtime: this.name, runDir, startedAt: new Date().toISOString(), parts: [] };
    try {
      for (const level of levels) {
        await this.startLevel(level, launches, state, options);
      }
    } catch (error) {
      await this.stopParts(state.parts, defaultGraceMs);
      await removeState(this.root);
      throw error;
    }
    return state;
  }

  async down(options: DownOptions = {}): Promise<StoppedPart[]> {
    const state = await readState(this.root);
    if (!state) return [];
    const stopped = await this.stopParts(state.parts, options.graceMs ?? defaultGraceMs);
    await removeState(this.root);
    return stopped;
  }

  async status(): Promise<PartStatus[] | undefined> {
    const state = await readState(this.root);
    if (!state) return undefined;
    return Promise.all(
      state.parts.map(async (part) => {
        const running = isRunning(part);
        return {
          name: part.name,
          pid: part.pid,
          port: part.port,
          url: part.url,
          running,
          ready: running && (await probe(part.readinessUrl, 1000)) === 'status 200',
          rssBytes: running ? residentMemoryBytes(part.pid) : undefined,
          memorySource: 'VmRSS' as const,
        };
      }),
    );
  }

  async logs(): Promise<PartLog[]> {
    const state = await readState(this.root);
    const runDir = state?.runDir ?? (await this.latestRunDir());
    if (!runDir) return [];
    const files = new Set(await readdir(runDir));
    return this.definition.parts
      .filter((part) => files.has(`${part.name}.log`))
      .map((part) => ({ part: part.name, path: join(runDir, `${part.name}.log`) }));
  }

  async stopPart(name: string, options: DownOptions = {}): Promise<StoppedPart> {
    const { part } = await this.runningPart(name);
    const outcome = await stopProcess(part, options.graceMs ?? defaultGraceMs);
    return { name, pid: part.pid, outcome };
  }

  async startPart(name: string, options: UpOptions = {}): Promise<void> {
    const { state, part } = await this.runningPart(name);
    if (isRunning(part)) throw new StackError(`${name} is already running (pid ${part.pid})`);
    const definition = this.definition.parts.find((entry) => entry.name === name);
    if (!definition) throw new StackError(`${name} is not a part of the stack`);
    await assertPortsFree(definition.ports.map((port) => ({ part: name, ...port })));

    const others = { ...state, parts: state.parts.filter((entry) => entry.name !== name) };
    await this.startLevel([definition], new Map([[name, definition.launch()]]), others, options);
    const restarted = others.parts.at(-1);
    if (!restarted) throw new Error(`${name} was not recorded`);
    // Keeps the start order in the state file, so that `down` still stops in reverse.
    state.parts = state.parts.map((entry) => (entry.name === name ? restarted : entry));
    await writeState(this.root, state);
  }

  memoryBytes(pid: number): number | undefined {
    return residentMemoryBytes(pid);
  }

  private async runningPart(name: string): Promise<{ state: StackState; part: PartState }> {
    const state = await readState(this.root);
    if (!state) throw new StackError('The stack is not running', ['Start it with `triad stack up`.']);
    const part = state.parts.find((entry) => entry.name === name);
    if (!part) throw new StackError(`${name} is not a part of the running stack`);
    return { state, part };
  }

  private async assertNotRunning(): Promise<void> {
    const state = await readState(this.root);
    if (!state) return;
    const running = state.parts.filter((part) => isRunning(part));
    if (running.length === 0) {
      // A crash of an earlier `up` or `down` left the file; nothing it names runs.
      await removeState(this.root);
      return;
    }
    const names = running.map((part) => `${part.name} (pid ${part.pid})`).join(', ');
    throw new StackError(`The stack is already running: ${names}`, [
      `Started at ${state.startedAt}; stop it with \`triad stack down\`.`,
    ]);
  }

  private async startLevel(
    level: readonly PartDefinition[],
    launches: ReadonlyMap<string, LaunchSpec>,
    state: StackState,
    options: UpOptions,
  ): Promise<void> {
    const started = level.map((part) => {
      options.onEvent?.({ type: 'starting', part: part.name });
      const logFile = join(state.runDir, `${part.name}.log`);
      const launch = launches.get(part.name);
      if (!launch) throw new Error(`no launch spec for ${part.name}`);
      const process = startDetached(launch, logFile);
      state.parts.push({
        name: part.name,
        pid: process.pid,
        startTime: process.startTime,
        port: part.mainPort,
        url: part.url,
        readinessUrl: part.readinessUrl,
        logFile,
      });
      return { part, process, logFile };
    });
    // Written before waiting, so that `down` finds these processes even if
    // this tool dies while they start.
    await writeState(this.root, state);

    await Promise.all(
      started.map(async ({ part, process, logFile }) => {
        const timeoutMs = options.readinessTimeoutMs ?? defaultReadinessTimeoutMs;
        const outcome = await waitForReady(part.readinessUrl, { timeoutMs, exited: process.exited });
        if (outcome.ready) {
          options.onEvent?.({ type: 'ready', part: part.name, elapsedMs: outcome.elapsedMs, url: part.url });
          return;
        }
        const why =
          outcome.reason === 'exited'
            ? `${part.name} exited (${outcome.exit}) before it became ready`
            : `${part.name} did not become ready within ${timeoutMs / 1000} s (GET ${part.readinessUrl}: ${outcome.lastProbe})`;
        const tail = await lastLines(logFile, logTailLines);
        throw new StackError(why, [`Last ${tail.length} lines of ${logFile}:`, ...tail.map((line) => `  ${line}`)]);
      }),
    );
  }

  private async stopParts(parts: readonly PartState[], graceMs: number): Promise<StoppedPart[]> {
    const stopped: StoppedPart[] = [];
    for (const part of [...parts].reverse()) {
      const outcome = await stopProcess(part, graceMs);
      stopped.push({ name: part.name, pid: part.pid, outcome });
    }
    return stopped.reverse();
  }

  private async latestRunDir(): Promise<string | undefined> {
    const runsDir = join(this.root, '.triad', 'runs');
    let names: string[];
    try {
      names = await readdir(runsDir);
    } catch {
      return undefined;
    }
    const latest = names.sort().at(-1);
    return latest === undefined ? undefined : join(runsDir, latest);
  }
}

/** Returns a run directory name that sorts by time, e.g. `2026-12-04T13-54-12-345Z`. */
export function runDirName(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
