// The memory a container uses, read from the control group of its main
// process, the figure `docker stats` shows: usage less the inactive page cache.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const cgroupRoot = '/sys/fs/cgroup';

/**
 * Returns the memory of the control group that process `pid` belongs to, in
 * bytes, or undefined when the process is gone or its group cannot be read
 * (another pid namespace, a macOS host). Works on cgroup v2 and on v1's
 * memory controller.
 */
export function cgroupMemoryBytes(pid: number, root = cgroupRoot): number | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  const membership = readText(`/proc/${pid}/cgroup`);
  if (membership === undefined) return undefined;
  const groups = parseMembership(membership);

  const v1 = groups.get('memory');
  if (v1 !== undefined) {
    const directory = join(root, 'memory', v1);
    const usage = readNumber(join(directory, 'memory.usage_in_bytes'));
    if (usage !== undefined) return usage - (statField(join(directory, 'memory.stat'), 'total_inactive_file') ?? 0);
  }
  const v2 = groups.get('');
  if (v2 !== undefined) {
    for (const mount of [root, join(root, 'unified')]) {
      const directory = join(mount, v2);
      const usage = readNumber(join(directory, 'memory.current'));
      if (usage !== undefined) return usage - (statField(join(directory, 'memory.stat'), 'inactive_file') ?? 0);
    }
  }
  return undefined;
}

/** Maps each controller list of /proc/<pid>/cgroup (`memory`, or '' for v2) to its path. */
export function parseMembership(text: string): Map<string, string> {
  const groups = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!match) continue;
    const [, controllers = '', path = ''] = match;
    for (const controller of controllers.split(',')) groups.set(controller, path);
  }
  return groups;
}

/** Returns one field of a memory.stat file, or undefined. */
export function statField(path: string, field: string): number | undefined {
  const text = readText(path);
  if (text === undefined) return undefined;
  const line = text.split('\n').find((entry) => entry.startsWith(`${field} `));
  const value = Number(line?.slice(field.length + 1));
  return line !== undefined && Number.isFinite(value) ? value : undefined;
}

function readNumber(path: string): number | undefined {
  const text = readText(path);
  const value = Number(text?.trim());
  return text !== undefined && Number.isFinite(value) ? value : undefined;
}

function readText(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
