import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { StackError } from './errors';
import { LocalRuntime, runDirName } from './local-runtime';
import { isPortFree } from './ports';
import { isRunning, readProcessStat, waitForExit } from './processes';
import type { StackEvent } from './runtime';
import { readState, writeState } from './state';
import { fakeStack, temporaryRoot } from './test-support/fake-stack';

describe('LocalRuntime', () => {
  let root: Awaited<ReturnType<typeof temporaryRoot>>;
  let runtime: LocalRuntime | undefined;

  beforeEach(async () => {
    root = await temporaryRoot();
  });

  afterEach(async () => {
    await runtime?.down({ graceMs: 500 });
    runtime = undefined;
    await root.remove();
  });

  it('starts parts in dependency order and stops them', async () => {
    const definition = await fakeStack([
      { name: 'frontend', dependsOn: ['left', 'right'] },
      { name: 'left', dependsOn: ['store'], readyDelayMs: 300 },
      { name: 'right', dependsOn: ['store'] },
      { name: 'store' },
    ]);
    runtime = new LocalRuntime(root.root, definition);
    const events: StackEvent[] = [];

    const state = await runtime.up({ onEvent: (event) => events.push(event) });

    expect(state.parts.map((part) => part.name)).toEqual(['store', 'left', 'right', 'frontend']);
    const readyOrder = events.filter((event) => event.type === 'ready').map((event) => event.part);
    expect(readyOrder).toEqual(['store', 'right', 'left', 'frontend']);
    await expect(readState(root.root)).resolves.toEqual(state);

    const stopped = await runtime.down();

    expect(stopped.map((part) => part.outcome)).toEqual(['terminated', 'terminated', 'terminated', 'terminated']);
    for (const part of state.parts) expect(isRunning(part)).toBe(false);
    for (const part of definition.parts) await expect(isPortFree(part.mainPort)).resolves.toBe(true);
    await expect(readState(root.root)).resolves.toBeUndefined();
  });

  it('reports the status of each part', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }, { name: 'web', dependsOn: ['store'] }]));
    const state = await runtime.up();

    const status = await runtime.status();

    expect(status?.map((part) => [part.name, part.running, part.ready])).toEqual([
      ['store', true, true],
      ['web', true, true],
    ]);
    expect(status?.[0]?.pid).toBe(state.parts[0]?.pid);
    expect(status?.[0]?.rssBytes).toBeGreaterThan(1024 * 1024);
  });

  it('writes each part log to the run directory', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }]));
    const state = await runtime.up();

    const logs = await runtime.logs();

    expect(state.runDir).toMatch(/\/\.triad\/runs\/\d{4}-\d\d-\d\dT[\d-]+Z$/);
    expect(logs).toEqual([{ part: 'store', path: `${state.runDir}/store.log` }]);
    expect(await readFile(logs[0]?.path ?? '', 'utf8')).toContain('"msg":"server started"');
  });

  it('names a part that exits and shows its log', async () => {
    runtime = new LocalRuntime(
      root.root,
      await fakeStack([{ name: 'store' }, { name: 'web', dependsOn: ['store'], behaviour: 'crash' }]),
    );

    const error = (await runtime.up().catch((caught: unknown) => caught)) as StackError;

    expect(error).toBeInstanceOf(StackError);
    expect(error.message).toBe('web exited (code 3) before it became ready');
    expect(error.details[0]).toMatch(/^Last 2 lines of .*\/web\.log:$/);
    expect(error.details).toContain('  fatal: cannot start');
    await expect(readState(root.root)).resolves.toBeUndefined();
  });

  it('stops the started parts when one is not ready in time', async () => {
    const definition = await fakeStack([{ name: 'store' }, { name: 'web', dependsOn: ['store'], behaviour: 'never-ready' }]);
    runtime = new LocalRuntime(root.root, definition);
    const started: number[] = [];

    // Long enough for the fake processes to start on a busy machine, so the
    // probe that times out meets a listening server that answers 503.
    const failing = runtime.up({
      readinessTimeoutMs: 3000,
      onEvent: (event) => {
        if (event.type === 'ready') started.push(event.elapsedMs);
      },
    });

    await expect(failing).rejects.toThrow(/^web did not become ready within 3 s \(GET http:\/\/127\.0\.0\.1:\d+\/readyz: status 503\)$/);
    expect(started).toHaveLength(1);
    for (const part of definition.parts) await expect(isPortFree(part.mainPort)).resolves.toBe(true);
  });

  it('starts nothing when a port is taken', async () => {
    const definition = await fakeStack([{ name: 'store' }, { name: 'web', dependsOn: ['store'] }]);
    const webPort = definition.parts[1]?.mainPort ?? 0;
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(webPort, '127.0.0.1', resolve));
    runtime = new LocalRuntime(root.root, definition);

    await expect(runtime.up()).rejects.toThrow(`Port ${webPort} of web (HTTP) is already in use`);
    await expect(isPortFree(definition.parts[0]?.mainPort ?? 0)).resolves.toBe(true);
    blocker.close();
  });

  it('refuses to start a second stack', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }]));
    await runtime.up();
    const second = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }]));

    await expect(second.up()).rejects.toThrow(/^The stack is already running: store \(pid \d+\)$/);
  });

  it('stops nothing when nothing runs', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }]));

    await expect(runtime.down()).resolves.toEqual([]);
    await expect(runtime.status()).resolves.toBeUndefined();
  });

  it('spares a process that reused a recorded pid', async () => {
    const stranger = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    const pid = stranger.pid ?? -1;
    const identity = { pid, startTime: readProcessStat(pid)?.startTime ?? -1 };
    await writeState(root.root, {
      runtime: 'local',
      runDir: root.root,
      startedAt: new Date().toISOString(),
      parts: [{ name: 'store', pid, startTime: identity.startTime - 100, port: 1, url: '', readinessUrl: '', logFile: '' }],
    });
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }]));

    const stopped = await runtime.down();

    expect(stopped).toEqual([{ name: 'store', pid, outcome: 'not-running' }]);
    expect(isRunning(identity)).toBe(true);
    await expect(readState(root.root)).resolves.toBeUndefined();
    stranger.kill('SIGKILL');
    await waitForExit(identity, 2000);
  });

  it('restarts one part and keeps the start order', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'store' }, { name: 'web', dependsOn: ['store'] }]));
    const before = await runtime.up();

    const stopped = await runtime.stopPart('store', { graceMs: 500 });
    const whileStopped = await runtime.status();
    await runtime.startPart('store');
    const after = await readState(root.root);

    expect(stopped.outcome).toBe('terminated');
    expect(whileStopped?.map((part) => part.running)).toEqual([false, true]);
    expect(after?.parts.map((part) => part.name)).toEqual(['store', 'web']);
    expect(after?.parts[0]?.pid).not.toBe(before.parts[0]?.pid);
    expect((await runtime.status())?.every((part) => part.ready)).toBe(true);
  });

  it('kills a part that ignores SIGTERM', async () => {
    runtime = new LocalRuntime(root.root, await fakeStack([{ name: 'stubborn', behaviour: 'ignore-sigterm' }]));
    const state = await runtime.up();

    const stopped = await runtime.down({ graceMs: 300 });

    expect(stopped[0]?.outcome).toBe('killed');
    expect(isRunning(state.parts[0] ?? { pid: -1, startTime: -1 })).toBe(false);
  });
});

describe('runDirName', () => {
  it('sorts by time and avoids colons', () => {
    expect(runDirName(new Date('2026-12-04T13:54:12.345Z'))).toBe('2026-12-04T13-54-12-345Z');
  });
});
