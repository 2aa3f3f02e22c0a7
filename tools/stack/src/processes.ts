import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** A process that the stack started, identified beyond its pid. */
export interface ProcessIdentity {
  pid: number;
  /**
   * The process start time from field 22 of /proc/<pid>/stat, in clock ticks
   * since boot. A pid reused by another process has another start time.
   */
  startTime: number;
}

/** How to start one part: the program, its arguments and its extra environment. */
export interface LaunchSpec {
  command: string;
  args: readonly string[];
  env: Readonly<Record<string, string>>;
  cwd: string;
}

/**
 * Returns the start time and state of a process from /proc/<pid>/stat, or
 * undefined when no such process exists (Linux only).
 */
export function readProcessStat(pid: number): { startTime: number; state: string } | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces, so
  // fields are counted from the last closing parenthesis: field 3 comes first.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const state = fields[0];
  const startTime = Number(fields[19]);
  if (state === undefined || !Number.isInteger(startTime)) return undefined;
  return { startTime, state };
}

/**
 * Reports whether the process that `identity` describes still runs: the pid
 * exists, has the recorded start time and is not a zombie.
 */
export function isRunning(identity: ProcessIdentity): boolean {
  const stat = readProcessStat(identity.pid);
  return stat?.startTime === identity.startTime && stat.state !== 'Z';
}

/** Returns a process's resident memory from VmRSS in /proc/<pid>/status, in bytes. */
export function residentMemoryBytes(pid: number): number | undefined {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return undefined;
  }
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  return match?.[1] === undefined ? undefined : Number(match[1]) * 1024;
}

/** A process started by {@link startDetached}. */
export interface StartedProcess extends ProcessIdentity {
  /** Resolves with the exit code (or signal) when the process ends while this tool still runs. */
  exited: Promise<string>;
}

/**
 * Starts a process in its own process group, with stdout and stderr appended
 * to `logFile` and no tie to this process, so it outlives the CLI (`--detach`).
 */
export function startDetached(launch: LaunchSpec, logFile: string): StartedProcess {
  const log = openSync(logFile, 'a');
  try {
    const child = spawn(launch.command, launch.args, {
      cwd: launch.cwd,
      env: { ...process.env, ...launch.env },
      detached: true,
      stdio: ['ignore', log, log],
    });
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, signal) => {
        resolve(signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`);
      });
      child.once('error', (error) => {
        resolve(error.message);
      });
    });
    child.unref();
    const pid = child.pid;
    const stat = pid === undefined ? undefined : readProcessStat(pid);
    if (pid === undefined || stat === undefined) {
      return { pid: pid ?? -1, startTime: -1, exited };
    }
    return { pid, startTime: stat.startTime, exited };
  } finally {
    closeSync(log);
  }
}

/** The outcome of {@link stopProcess}. */
export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/**
 * Sends SIGTERM to a process group that the stack started, then SIGKILL when
 * its leader has not exited after `graceMs`. Does nothing when the leader is
 * gone or its pid now belongs to another process.
 */
export async function stopProcess(identity: ProcessIdentity, graceMs: number): Promise<StopOutcome> {
  if (!isRunning(identity)) return 'not-running';

  signalGroup(identity.pid, 'SIGTERM');
  if (await waitForExit(identity, graceMs)) return 'terminated';

  if (isRunning(identity)) signalGroup(identity.pid, 'SIGKILL');
  await waitForExit(identity, 2000);
  return 'killed';
}

/** Waits until the process has exited; reports false when it still runs after `timeoutMs`. */
export async function waitForExit(identity: ProcessIdentity, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isRunning(identity)) {
    if (Date.now() >= deadline) return false;
    await sleep(50);
  }
  return true;
}

// Every part is the leader of its own group (spawned detached), so the
// negative pid also reaches any process the part started itself.
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
