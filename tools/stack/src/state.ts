import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ProcessIdentity } from './processes';

/** The state file's record of one started part. */
export interface PartState extends ProcessIdentity {
  name: string;
  /** The port users talk to (the query UI for Jaeger, OTLP gRPC for the Collector). */
  port: number;
  /** The URL printed for users. */
  url: string;
  /** The URL that returns 200 once the part is ready. */
  readinessUrl: string;
  logFile: string;
  /** The container's id, for the container runtime. */
  containerId?: string;
}

/** The state file of a running stack: enough for `down`, `status` and `logs` from another process. */
export interface StackState {
  runtime: string;
  runDir: string;
  startedAt: string;
  /** The network the container runtime created. */
  network?: string;
  /** Parts in start order; `down` stops them in reverse. */
  parts: PartState[];
}

/** Returns the path of the state file below the repository root. */
export function stateFilePath(root: string): string {
  return join(root, '.triad', 'stack.json');
}

/** Returns the stack's state, or undefined when no state file exists. */
export async function readState(root: string): Promise<StackState | undefined> {
  let text: string;
  try {
    text = await readFile(stateFilePath(root), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return JSON.parse(text) as StackState;
}

/** Writes the state file atomically, so that a crash never leaves half of it. */
export async function writeState(root: string, state: StackState): Promise<void> {
  const path = stateFilePath(root);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}

/** Removes the state file; does nothing when there is none. */
export async function removeState(root: string): Promise<void> {
  await rm(stateFilePath(root), { force: true });
}
