import { spawn } from 'node:child_process';
import { isRunning, readProcessStat, residentMemoryBytes, stopProcess, waitForExit } from './processes';

function sleeper(ignoreSigterm = false) {
  const script = ignoreSigterm ? "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000);" : 'setInterval(() => {}, 1000);';
  const child = spawn(process.execPath, ['-e', script], { detached: true, stdio: 'ignore' });
  const stat = readProcessStat(child.pid ?? -1);
  if (!stat || child.pid === undefined) throw new Error('the child did not start');
  return { child, identity: { pid: child.pid, startTime: stat.startTime } };
}

describe('readProcessStat', () => {
  it('reads the start time of this process', () => {
    const stat = readProcessStat(process.pid);

    expect(stat?.state).toBe('R');
    expect(stat?.startTime).toBeGreaterThan(0);
  });

  it('reads nothing for a pid that does not exist', () => {
    expect(readProcessStat(2 ** 22 + 1)).toBeUndefined();
  });
});

describe('isRunning', () => {
  it('accepts the recorded start time', () => {
    const stat = readProcessStat(process.pid);

    expect(isRunning({ pid: process.pid, startTime: stat?.startTime ?? -1 })).toBe(true);
  });

  it('rejects a reused pid', () => {
    const stat = readProcessStat(process.pid);

    expect(isRunning({ pid: process.pid, startTime: (stat?.startTime ?? 0) - 1 })).toBe(false);
  });
});

describe('residentMemoryBytes', () => {
  it('reads VmRSS of this process', () => {
    expect(residentMemoryBytes(process.pid)).toBeGreaterThan(1024 * 1024);
  });
});

describe('stopProcess', () => {
  it('terminates a process with SIGTERM', async () => {
    const { identity } = sleeper();

    await expect(stopProcess(identity, 5000)).resolves.toBe('terminated');
    expect(isRunning(identity)).toBe(false);
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const { identity } = sleeper(true);
    // Give node time to install the SIGTERM handler.
    await new Promise((resolve) => setTimeout(resolve, 300));

    const started = Date.now();
    await expect(stopProcess(identity, 300)).resolves.toBe('killed');
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
    expect(isRunning(identity)).toBe(false);
  });

  it('leaves a process alone whose start time differs', async () => {
    const { identity } = sleeper();

    await expect(stopProcess({ pid: identity.pid, startTime: identity.startTime + 1 }, 100)).resolves.toBe('not-running');
    expect(isRunning(identity)).toBe(true);
    process.kill(identity.pid, 'SIGKILL');
    await waitForExit(identity, 2000);
  });
});
