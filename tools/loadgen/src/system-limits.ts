import { readdirSync, readFileSync } from 'node:fs';

/** File descriptors kept free for the runtime, the workers and files the caller writes. */
const reservedDescriptors = 64;

/**
 * Returns the soft limit on open files of this process, read from
 * /proc/self/limits, or undefined where that file does not exist (not Linux).
 */
export function openFilesLimit(): number | undefined {
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const match = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (match?.[1] === undefined || match[1] === 'unlimited') {
      return undefined;
    }
    return Number(match[1]);
  } catch {
    return undefined;
  }
}

/** Returns the number of file descriptors this process has open, or 0 where it cannot be read. */
export function openDescriptorCount(): number {
  try {
    return readdirSync('/proc/self/fd').length;
  } catch {
    return 0;
  }
}

/** Returns how many local ports Linux hands out to outgoing connections, or undefined off Linux. */
export function ephemeralPortCount(): number | undefined {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return low !== undefined && high !== undefined ? high - low + 1 : undefined;
  } catch {
    return undefined;
  }
}

/** Returns how many more sockets this process can open before it reaches its open-files limit. */
export function availableDescriptors(): number | undefined {
  const limit = openFilesLimit();
  return limit === undefined ? undefined : limit - openDescriptorCount() - reservedDescriptors;
}

/**
 * Throws when `connections` sockets to one server would exceed this process's
 * open-files limit or the ephemeral port range, with the numbers and the fix.
 */
export function assertConnectionsFit(connections: number): void {
  const available = availableDescriptors();
  if (available !== undefined && connections > available) {
    throw new RangeError(
      `${connections} connections need ${connections} file descriptors, but only ${available} are free ` +
        `under the open-files limit of ${openFilesLimit()} (ulimit -n); lower the connection count ` +
        'or raise the limit, and spread larger loads over several generator processes or machines',
    );
  }

  const ports = ephemeralPortCount();
  if (ports !== undefined && connections > ports) {
    throw new RangeError(
      `${connections} connections to one server address exceed the ${ports} ephemeral ports ` +
        '(/proc/sys/net/ipv4/ip_local_port_range); lower the connection count or widen the range',
    );
  }
}
