// The stack as containers, created through the Docker Engine API that both
// Docker and podman (`podman system service`) serve.
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Docker from 'dockerode';
import { cgroupMemoryBytes } from './cgroup';
import { containerUlimits, containerUser, type ContainerPartDefinition, type ContainerStackDefinition } from './container-stack';
import { StackError } from './errors';
import { lastLines } from './log-tail';
import { assertPortsFree } from './ports';
import { isRunning, readProcessStat } from './processes';
import { probe, waitForReady } from './readiness';
import type { DownOptions, PartLog, PartStatus, StackRuntime, StoppedPart, UpOptions } from './runtime';
import { runDirName } from './local-runtime';
import { startLevels } from './stack-definition';
import { readState, removeState, writeState, type PartState, type StackState } from './state';

const defaultReadinessTimeoutMs = 60_000;
// As for local processes: longer than the services' own drain budget (10 s).
const defaultGraceMs = 15_000;
const logTailLines = 20;
const engineCallTimeoutMs = 30_000;

/** Raised when no container engine responds on DOCKER_HOST or the default socket. */
export class EngineUnavailableError extends StackError {}

/** Label on every container and network the runtime creates; its value is the repository root. */
export const stackLabel = 'dev.triad.stack';
/** Label with the part's name. */
export const partLabel = 'dev.triad.part';

/** Runs the stack as containers; state and logs live below `<root>/.triad/` as for local processes. */
export class ContainerRuntime implements StackRuntime {
  readonly name = 'container';
  private engine: Docker | undefined;

  constructor(
    private readonly root: string,
    private readonly definition: ContainerStackDefinition,
    private readonly connect: () => Docker = () => new Docker(),
  ) {}

  async up(options: UpOptions = {}): Promise<StackState> {
    const docker = await this.docker();
    await this.assertNotRunning(docker);
    await this.assertImagesPresent(docker);
    await assertPortsFree(this.definition.parts.flatMap((part) => part.ports.map((port) => ({ part: part.name, purpose: port.purpose, port: port.host }))));

    const runDir = join(this.root, '.triad', 'runs', runDirName(new Date()));
    await mkdir(runDir, { recursive: true });
    const state: StackState = {
      runtime: this.name,
      runDir,
      startedAt: new Date().toISOString(),
      network: this.definition.network,
      parts: [],
    };
    try {
      await docker.createNetwork({ Name: this.definition.network, Labels: { [stackLabel]: this.root } });
      await writeState(this.root, state);
      for (const level of startLevels(this.definition)) {
        await this.startLevel(docker, level, state, options);
      }
    } catch (error) {
      await this.removeAll(docker, state, defaultGraceMs);
      await removeState(this.root);
      throw error;
    }
    return state;
  }

  async down(options: DownOptions = {}): Promise<StoppedPart[]> {
    const docker = await this.docker();
    const state = await readState(this.root);
    const stopped = state ? await this.removeAll(docker, state, options.graceMs ?? defaultGraceMs) : [];
    // Containers of a run whose state file is gone (a crash between create
    // and the state write) carry this checkout's label; nothing else is touched.
    stopped.push(...(await this.removeStrays(docker)));
    await removeState(this.root);
    return stopped;
  }

  async status(): Promise<PartStatus[] | undefined> {
    const state = await readState(this.root);
    if (!state) return undefined;
    const docker = await this.docker();
    return Promise.all(
      state.parts.map(async (part) => {
        const inspected = await inspectOrUndefined(docker, part.containerId ?? part.name);
        const pid = inspected?.State.Running === true ? inspected.State.Pid : 0;
        const running = pid > 0;
        return {
          name: part.name,
          pid,
          port: part.port,
          url: part.url,
          running,
          ready: running && (await probe(part.readinessUrl, 1000)) === 'status 200',
          rssBytes: running ? cgroupMemoryBytes(pid) : undefined,
          memorySource: 'cgroup' as const,
        };
      }),
    );
  }

  /** Copies each container's output into `<run>/<part>.log` and returns those files. */
  async logs(): Promise<PartLog[]> {
    const state = await readState(this.root);
    if (!state) return this.latestLogs();
    const docker = await this.docker();
    const logs: PartLog[] = [];
    for (const part of state.parts) {
      const path = join(state.runDir, `${part.name}.log`);
      await this.saveLog(docker, part, path);
      logs.push({ part: part.name, path });
    }
    return logs;
  }

  async stopPart(name: string, options: DownOptions = {}): Promise<StoppedPart> {
    const { part } = await this.runningPart(name);
    const docker = await this.docker();
    const outcome = await stopContainer(docker, part, options.graceMs ?? defaultGraceMs);
    return { name, pid: part.pid, outcome };
  }

  async startPart(name: string, options: UpOptions = {}): Promise<void> {
    const { state, part } = await this.runningPart(name);
    const docker = await this.docker();
    const container = docker.getContainer(part.containerId ?? name);
    const inspected = await container.inspect();
    if (inspected.State.Running) throw new StackError(`${name} is already running (container ${shortId(inspected.Id)})`);
    const definition = this.part(name);
    await assertPortsFree(definition.ports.map((port) => ({ part: name, purpose: port.purpose, port: port.host })));
    await container.start();
    const restarted = await container.inspect();
    part.pid = restarted.State.Pid;
    part.startTime = readProcessStat(part.pid)?.startTime ?? -1;
    await writeState(this.root, state);
    await this.waitUntilReady(docker, definition, part, options);
  }

  /** Returns the image of each part and its size in bytes, as the engine reports it. */
  async imageSizes(): Promise<{ part: string; image: string; bytes: number }[]> {
    const docker = await this.docker();
    return Promise.all(
      this.definition.parts.map(async (part) => ({
        part: part.name,
        image: part.image,
        bytes: (await docker.getImage(part.image).inspect()).Size,
      })),
    );
  }

  /** Returns the memory a part's container uses now, from its cgroup; undefined when unknown. */
  memoryBytes(pid: number): number | undefined {
    return cgroupMemoryBytes(pid);
  }

  private async docker(): Promise<Docker> {
    if (this.engine) return this.engine;
    const docker = this.connect();
    try {
      await withTimeout(docker.ping(), 3000, 'ping');
    } catch (error) {
      throw new EngineUnavailableError(
        `no container engine responds on ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}`,
        [
          'Start Docker, or podman’s API service (`podman system service --time=0 unix:///run/podman/podman.sock`)',
          'and set DOCKER_HOST=unix:///run/podman/podman.sock; or use the local runtime (`--runtime local`).',
        ],
        { cause: error },
      );
    }
    this.engine = docker;
    return docker;
  }

  private part(name: string): ContainerPartDefinition {
    const part = this.definition.parts.find((entry) => entry.name === name);
    if (!part) throw new StackError(`${name} is not a part of the stack`);
    return part;
  }

  private async runningPart(name: string): Promise<{ state: StackState; part: PartState }> {
    const state = await readState(this.root);
    if (!state) throw new StackError('The stack is not running', ['Start it with `triad stack up --runtime container`.']);
    const part = state.parts.find((entry) => entry.name === name);
    if (!part) throw new StackError(`${name} is not a part of the running stack`);
    return { state, part };
  }

  private async assertNotRunning(docker: Docker): Promise<void> {
    const state = await readState(this.root);
    if (state && !(await this.anyRunning(docker, state))) {
      // A crash or a machine restart left the file; what it names is gone.
      if (state.runtime === this.name) await this.removeAll(docker, state, 0);
      await removeState(this.root);
    } else if (state) {
      throw new StackError(`The stack is already running (${state.runtime} runtime, started at ${state.startedAt})`, [
        'Stop it with `triad stack down`.',
      ]);
    }
    const matching = await docker.listContainers({ all: true, filters: { name: this.definition.parts.map(containerName) } });
    // The engine matches names as substrings, so only exact names conflict.
    const names = new Set(this.definition.parts.map(containerName));
    const conflicts = matching.filter((container) => container.Names.some((name) => names.has(name.replace(/^\//, ''))));
    if (conflicts.length > 0) {
      const ours = conflicts.every((container) => container.Labels[stackLabel] === this.root);
      throw new StackError(
        `containers named ${conflicts.map((container) => container.Names.map((name) => name.replace(/^\//, '')).join('/')).join(', ')} already exist`,
        [ours ? 'They are left from an earlier run of this checkout: remove them with `triad stack down --runtime container`.' : 'Remove them, or stop the Compose project that created them (`docker compose -f deploy/compose.yaml down`).'],
      );
    }
  }

  private async anyRunning(docker: Docker, state: StackState): Promise<boolean> {
    if (state.runtime !== this.name) return state.parts.some((part) => isRunning(part));
    for (const part of state.parts) {
      const inspected = await inspectOrUndefined(docker, part.containerId ?? containerName(part));
      if (inspected?.State.Running === true) return true;
    }
    return false;
  }

  private async assertImagesPresent(docker: Docker): Promise<void> {
    const missing: string[] = [];
    for (const part of this.definition.parts) {
      if (!(await inspectImageExists(docker, part.image))) missing.push(part.image);
    }
    if (missing.length > 0) {
      throw new StackError(`images missing from the engine: ${missing.join(', ')}`, [
        'Build them with `npx nx run-many -t image image-otelcol image-jaeger`, or run `triad stack up --runtime container` without --no-build.',
      ]);
    }
  }

  private async startLevel(
    docker: Docker,
    level: readonly ContainerPartDefinition[],
    state: StackState,
    options: UpOptions,
  ): Promise<void> {
    const started: { part: ContainerPartDefinition; record: PartState }[] = [];
    for (const part of level) {
      options.onEvent?.({ type: 'starting', part: part.name });
      const container = await docker.createContainer(this.createOptions(part));
      const record: PartState = {
        name: part.name,
        pid: 0,
        startTime: -1,
        containerId: container.id,
        port: part.mainPort,
        url: part.url,
        readinessUrl: part.readinessUrl,
        logFile: join(state.runDir, `${part.name}.log`),
      };
      // Recorded before the start, so that `down` finds the container even
      // if this tool dies while it starts.
      state.parts.push(record);
      await writeState(this.root, state);
      await container.start();
      const inspected = await container.inspect();
      record.pid = inspected.State.Pid;
      record.startTime = readProcessStat(record.pid)?.startTime ?? -1;
      started.push({ part, record });
    }
    await writeState(this.root, state);
    await Promise.all(started.map(({ part, record }) => this.waitUntilReady(docker, part, record, options)));
  }

  private async waitUntilReady(docker: Docker, part: ContainerPartDefinition, record: PartState, options: UpOptions): Promise<void> {
    const timeoutMs = options.readinessTimeoutMs ?? defaultReadinessTimeoutMs;
    const container = docker.getContainer(record.containerId ?? part.name);
    // The wait request stays open until the container exits; it is aborted
    // once the part is ready, or it would keep this process alive.
    const watching = new AbortController();
    const exited = (container.wait({ abortSignal: watching.signal }) as Promise<{ StatusCode?: number }>).then(
      (result) => `code ${result.StatusCode ?? 'unknown'}`,
      (error: unknown) => `unknown (${(error as Error).message})`,
    );
    let outcome: Awaited<ReturnType<typeof waitForReady>>;
    try {
      outcome = await waitForReady(part.readinessUrl, { timeoutMs, exited });
    } finally {
      watching.abort();
    }
    if (outcome.ready) {
      options.onEvent?.({ type: 'ready', part: part.name, elapsedMs: outcome.elapsedMs, url: part.url });
      return;
    }
    const why =
      outcome.reason === 'exited'
        ? `${part.name} exited (${outcome.exit}) before it became ready`
        : `${part.name} did not become ready within ${timeoutMs / 1000} s (GET ${part.readinessUrl}: ${outcome.lastProbe})`;
    await this.saveLog(docker, record, record.logFile);
    const tail = await lastLines(record.logFile, logTailLines);
    throw new StackError(why, [`Last ${tail.length} lines of ${record.logFile}:`, ...tail.map((line) => `  ${line}`)]);
  }

  private createOptions(part: ContainerPartDefinition): Docker.ContainerCreateOptions {
    const exposed = Object.fromEntries(part.ports.map((port) => [`${port.container}/tcp`, {}]));
    const bindings = Object.fromEntries(
      part.ports.map((port) => [`${port.container}/tcp`, [{ HostIp: '127.0.0.1', HostPort: String(port.host) }]]),
    );
    return {
      name: containerName(part),
      Image: part.image,
      Env: Object.entries(part.environment).map(([key, value]) => `${key}=${value}`),
      User: containerUser,
      Labels: { [stackLabel]: this.root, [partLabel]: part.name },
      ExposedPorts: exposed,
      HostConfig: {
        PortBindings: bindings,
        NetworkMode: this.definition.network,
        ReadonlyRootfs: true,
        NanoCpus: Math.round(part.limits.cpus * 1e9),
        Memory: part.limits.memoryMiB * 1024 * 1024,
        Ulimits: containerUlimits.map((limit) => ({ Name: limit.name, Soft: limit.soft, Hard: limit.hard })),
      },
      NetworkingConfig: {
        EndpointsConfig: { [this.definition.network]: { Aliases: [part.name] } },
      },
    };
  }

  // Stops and removes the state's containers in reverse start order, saving
  // each one's output first, then removes the network.
  private async removeAll(docker: Docker, state: StackState, graceMs: number): Promise<StoppedPart[]> {
    const stopped: StoppedPart[] = [];
    for (const part of [...state.parts].reverse()) {
      const outcome = await stopContainer(docker, part, graceMs);
      await this.saveLog(docker, part, part.logFile).catch(() => undefined);
      await removeContainer(docker, part.containerId ?? containerName(part));
      stopped.push({ name: part.name, pid: part.pid, outcome });
    }
    await removeNetwork(docker, state.network ?? this.definition.network, this.root);
    return stopped.reverse();
  }

  private async removeStrays(docker: Docker): Promise<StoppedPart[]> {
    const strays = await docker.listContainers({ all: true, filters: { label: [`${stackLabel}=${this.root}`] } });
    const stopped: StoppedPart[] = [];
    for (const stray of strays) {
      const name = stray.Labels[partLabel] ?? shortId(stray.Id);
      const outcome = stray.State === 'running' ? 'terminated' : 'not-running';
      await docker.getContainer(stray.Id).stop({ t: 5 }).catch(() => undefined);
      await removeContainer(docker, stray.Id);
      stopped.push({ name, pid: 0, outcome });
    }
    await removeNetwork(docker, this.definition.network, this.root);
    return stopped;
  }

  private async saveLog(docker: Docker, part: PartState, path: string): Promise<void> {
    const container = docker.getContainer(part.containerId ?? part.name);
    const output = await container.logs({ stdout: true, stderr: true, follow: false });
    await writeFile(path, demultiplex(output));
  }

  private async latestLogs(): Promise<PartLog[]> {
    const runsDir = join(this.root, '.triad', 'runs');
    const names = await readdir(runsDir).catch(() => [] as string[]);
    const latest = names.sort().at(-1);
    if (latest === undefined) return [];
    const files = new Set(await readdir(join(runsDir, latest)));
    return this.definition.parts
      .filter((part) => files.has(`${part.name}.log`))
      .map((part) => ({ part: part.name, path: join(runsDir, latest, `${part.name}.log`) }));
  }
}

function containerName(part: { name: string }): string {
  return `triad-${part.name}`;
}

function shortId(id: string): string {
  return id.slice(0, 12);
}

async function stopContainer(docker: Docker, part: PartState, graceMs: number): Promise<StoppedPart['outcome']> {
  const container = docker.getContainer(part.containerId ?? containerName(part));
  const before = await inspectOrUndefined(docker, part.containerId ?? containerName(part));
  if (before?.State.Running !== true) return 'not-running';
  // The engine sends the image's stop signal (SIGTERM), waits `t` seconds,
  // then kills; exit code 137 means the kill ended the process.
  await withTimeout(container.stop({ t: Math.ceil(graceMs / 1000) }), graceMs + engineCallTimeoutMs, `stop ${part.name}`).catch(
    (error: unknown) => {
      if ((error as { statusCode?: number }).statusCode !== 304) throw error;
    },
  );
  const after = await inspectOrUndefined(docker, part.containerId ?? containerName(part));
  return after?.State.ExitCode === 137 ? 'killed' : 'terminated';
}

async function removeContainer(docker: Docker, id: string): Promise<void> {
  try {
    await docker.getContainer(id).remove({ force: true, v: true });
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error;
  }
}

// Removes the network only when this checkout created it.
async function removeNetwork(docker: Docker, name: string, root: string): Promise<void> {
  let labels: Record<string, string> | undefined;
  try {
    labels = ((await docker.getNetwork(name).inspect()) as { Labels?: Record<string, string> }).Labels;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return;
    throw error;
  }
  if (labels?.[stackLabel] !== root) return;
  await docker.getNetwork(name).remove();
}

async function inspectOrUndefined(docker: Docker, id: string): Promise<Docker.ContainerInspectInfo | undefined> {
  try {
    return await docker.getContainer(id).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

async function inspectImageExists(docker: Docker, reference: string): Promise<boolean> {
  try {
    await docker.getImage(reference).inspect();
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}

/**
 * Returns the text of a non-TTY log stream, which the engine sends as frames
 * of an 8-byte header (stream, 0, 0, 0, big-endian length) and a payload.
 */
export function demultiplex(buffer: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const stream = buffer[offset];
    const length = buffer.readUInt32BE(offset + 4);
    if ((stream !== 0 && stream !== 1 && stream !== 2) || offset + 8 + length > buffer.length) {
      // Not framed (a TTY container): the buffer is the text itself.
      return offset === 0 ? buffer : Buffer.concat([...chunks, buffer.subarray(offset)]);
    }
    chunks.push(buffer.subarray(offset + 8, offset + 8 + length));
    offset += 8 + length;
  }
  return Buffer.concat(chunks);
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new StackError(`${operation} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
