import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cgroupMemoryBytes, parseMembership, statField } from './cgroup';

describe('parseMembership', () => {
  it('maps v1 controllers and the v2 entry to their paths', () => {
    const groups = parseMembership('4:memory:/machine/libpod-abc\n3:cpu,cpuacct:/x\n0::/machine.slice/libpod-abc.scope/container\n');

    expect(groups.get('memory')).toBe('/machine/libpod-abc');
    expect(groups.get('cpuacct')).toBe('/x');
    expect(groups.get('')).toBe('/machine.slice/libpod-abc.scope/container');
  });
});

describe('cgroupMemoryBytes', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'triad-cgroup-'));
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('reads this process’s group less inactive page cache', () => {
    const own = parseMembership(readFileSync('/proc/self/cgroup', 'utf8'));
    const memoryPath = own.get('memory');
    const directory = memoryPath !== undefined ? join(root, 'memory', memoryPath) : join(root, own.get('') ?? '/');
    mkdirSync(directory, { recursive: true });
    if (memoryPath !== undefined) {
      writeFileSync(join(directory, 'memory.usage_in_bytes'), '10485760\n');
      writeFileSync(join(directory, 'memory.stat'), 'cache 4096\ntotal_inactive_file 1048576\n');
    } else {
      writeFileSync(join(directory, 'memory.current'), '10485760\n');
      writeFileSync(join(directory, 'memory.stat'), 'anon 1\ninactive_file 1048576\n');
    }

    expect(cgroupMemoryBytes(process.pid, root)).toBe(10485760 - 1048576);
  });

  it('returns undefined when unreadable', () => {
    expect(cgroupMemoryBytes(0, root)).toBeUndefined();
    expect(cgroupMemoryBytes(2 ** 22 + 1, root)).toBeUndefined();
    expect(cgroupMemoryBytes(process.pid, root)).toBeUndefined();
  });

  it('reads a field of memory.stat', () => {
    writeFileSync(join(root, 'memory.stat'), 'anon 5\ninactive_file 7\n');

    expect(statField(join(root, 'memory.stat'), 'inactive_file')).toBe(7);
    expect(statField(join(root, 'memory.stat'), 'missing')).toBeUndefined();
  });
});
