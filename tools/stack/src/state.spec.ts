import { readFile } from 'node:fs/promises';
import { readState, removeState, stateFilePath, writeState, type StackState } from './state';
import { temporaryRoot } from './test-support/fake-stack';

const state: StackState = {
  runtime: 'local',
  runDir: '/tmp/run',
  startedAt: '2026-12-04T13:54:12.000Z',
  parts: [
    {
      name: 'jaeger',
      pid: 4242,
      startTime: 1234567,
      port: 16686,
      url: 'http://127.0.0.1:16686',
      readinessUrl: 'http://127.0.0.1:16686/api/services',
      logFile: '/tmp/run/jaeger.log',
    },
  ],
};

describe('state file', () => {
  let root: Awaited<ReturnType<typeof temporaryRoot>>;

  beforeEach(async () => {
    root = await temporaryRoot();
  });

  afterEach(async () => {
    await root.remove();
  });

  it('reads back what was written', async () => {
    await writeState(root.root, state);

    await expect(readState(root.root)).resolves.toEqual(state);
    expect(stateFilePath(root.root)).toBe(`${root.root}/.triad/stack.json`);
  });

  it('writes JSON that people can read', async () => {
    await writeState(root.root, state);

    const text = await readFile(stateFilePath(root.root), 'utf8');
    expect(text).toContain('\n  "runtime": "local",\n');
  });

  it('reads no state when the file is missing', async () => {
    await expect(readState(root.root)).resolves.toBeUndefined();
  });

  it('removes the file, also when it is already gone', async () => {
    await writeState(root.root, state);

    await removeState(root.root);
    await removeState(root.root);

    await expect(readState(root.root)).resolves.toBeUndefined();
  });
});
