import type { StackState } from './state';

/** Progress of `up`, for the CLI to print. */
export type StackEvent =
  | { type: 'starting'; part: string }
  | { type: 'ready'; part: string; elapsedMs: number; url: string };

/** Options of {@link StackRuntime.up}. */
export interface UpOptions {
  /** How long each part may take to become ready, in milliseconds. */
  readinessTimeoutMs?: number;
  onEvent?: (event: StackEvent) => void;
}

/** Options of {@link StackRuntime.down}. */
export interface DownOptions {
  /** Time from SIGTERM to SIGKILL, in milliseconds. */
  graceMs?: number;
}

/** The outcome of `down` for one part. */
export interface StoppedPart {
  name: string;
  pid: number;
  outcome: 'not-running' | 'terminated' | 'killed';
}

/** The status of one part. */
export interface PartStatus {
  name: string;
  pid: number;
  port: number;
  url: string;
  running: boolean;
  ready: boolean;
  /** Resident memory in bytes; undefined when the process is gone. */
  rssBytes: number | undefined;
  /** The source of `rssBytes`: the process's VmRSS, or its container's control group. */
  memorySource?: 'VmRSS' | 'cgroup';
}

/** A part's log file. */
export interface PartLog {
  part: string;
  path: string;
}

/**
 * A place where the stack runs. `local` runs each part as a process on this
 * machine, `container` as a container through the Docker Engine API.
 */
export interface StackRuntime {
  readonly name: string;
  /** Starts every part in dependency order and waits until each is ready. */
  up(options?: UpOptions): Promise<StackState>;
  /** Stops every part in reverse order; returns an empty list when nothing runs. */
  down(options?: DownOptions): Promise<StoppedPart[]>;
  /** Returns each part's state, or undefined when the stack is not running. */
  status(): Promise<PartStatus[] | undefined>;
  /** Returns the log files of the running stack, else of the latest run. */
  logs(): Promise<PartLog[]>;
  /** Stops one part of the running stack and leaves the others, e.g. to test an outage. */
  stopPart(name: string, options?: DownOptions): Promise<StoppedPart>;
  /** Starts a part that {@link stopPart} stopped, and waits until it is ready. */
  startPart(name: string, options?: UpOptions): Promise<void>;
  /** The memory a running part uses, by the pid its state records: VmRSS, or its container's cgroup. */
  memoryBytes(pid: number): number | undefined;
}
