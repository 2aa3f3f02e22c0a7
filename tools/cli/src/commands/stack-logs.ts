import type { PartLog } from '@triad/stack';
import { open, stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Output } from '../output';

const followIntervalMs = 250;

/** Prints whole log files; lines get a `part |` prefix when there are several. Returns each file's size. */
export async function printLogs(output: Output, logs: readonly PartLog[]): Promise<Map<string, number>> {
  const offsets = new Map<string, number>();
  for (const log of logs) {
    offsets.set(log.path, await printFrom(output, log, 0, logs.length > 1));
  }
  return offsets;
}

/** Prints what is appended to the files from `offsets` on, until `stop` settles. */
export async function followLogs(
  output: Output,
  logs: readonly PartLog[],
  offsets: Map<string, number>,
  stop: Promise<unknown>,
  refresh?: () => Promise<void>,
): Promise<void> {
  const stopping = new AbortController();
  void stop.then(() => {
    stopping.abort();
  });
  while (!stopping.signal.aborted) {
    await refresh?.();
    for (const log of logs) {
      offsets.set(log.path, await printFrom(output, log, offsets.get(log.path) ?? 0, logs.length > 1));
    }
    await sleep(followIntervalMs);
  }
}

// Prints complete lines from `offset` on and returns the offset after the
// last one, so that a line being written is printed whole on the next round.
async function printFrom(output: Output, log: PartLog, offset: number, prefixed: boolean): Promise<number> {
  let size: number;
  try {
    size = (await stat(log.path)).size;
  } catch {
    return offset;
  }
  if (size <= offset) return size < offset ? 0 : offset;

  const file = await open(log.path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    await file.read(buffer, 0, buffer.length, offset);
    const text = buffer.toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    if (end === 0) return offset;
    const lines = text.slice(0, end).split('\n').slice(0, -1);
    const prefix = prefixed ? `${output.paint('dim', `${log.part.padEnd(10)} |`)} ` : '';
    output.write(lines.map((line) => `${prefix}${line}\n`).join(''));
    return offset + Buffer.byteLength(text.slice(0, end));
  } finally {
    await file.close();
  }
}
