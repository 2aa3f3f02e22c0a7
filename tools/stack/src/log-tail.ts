import { open, stat } from 'node:fs/promises';

/** Returns the last `count` lines of a file (at most its last 64 KiB), or none when it is missing. */
export async function lastLines(path: string, count: number): Promise<string[]> {
  const maxBytes = 64 * 1024;
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    return [];
  }
  const start = Math.max(0, size - maxBytes);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size - start);
    await file.read(buffer, 0, buffer.length, start);
    const lines = buffer.toString('utf8').split('\n');
    if (lines.at(-1) === '') lines.pop();
    return lines.slice(-count);
  } finally {
    await file.close();
  }
}
