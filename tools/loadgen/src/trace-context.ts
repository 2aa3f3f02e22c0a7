import { randomFillSync } from 'node:crypto';

/** Bytes of one trace id (16) plus one parent id (8), per W3C Trace Context. */
const idBytes = 24;

/** Random bytes drawn per `randomFillSync` call, so ids cost a slice instead of a system call. */
const poolBytes = idBytes * 512;

/** A W3C `traceparent` value with the ids it carries, split out for reporting. */
export interface TraceParent {
  header: string;
  traceId: string;
  parentId: string;
  sampled: boolean;
}

/**
 * Creates a fresh `traceparent` for every request: random trace and parent ids
 * (https://www.w3.org/TR/trace-context/#traceparent-header), with the sampled
 * flag set for a share `sampleRatio` of them.
 */
export class TraceParentFactory {
  private readonly pool = Buffer.allocUnsafe(poolBytes);
  private offset = poolBytes;

  /** `fillRandom` fills a buffer with random bytes; tests pass their own to reach rare cases. */
  constructor(
    private readonly sampleRatio: number,
    private readonly fillRandom: (buffer: Buffer) => void = randomFillSync,
  ) {
    if (!(sampleRatio >= 0 && sampleRatio <= 1)) {
      throw new RangeError(`sample ratio must be between 0 and 1, got ${sampleRatio}`);
    }
  }

  /** Returns a new `traceparent`; neither id is ever all zeros, which the spec forbids. */
  next(): TraceParent {
    let start = this.take();
    while (isAllZero(this.pool, start, start + 16) || isAllZero(this.pool, start + 16, start + idBytes)) {
      start = this.take();
    }

    const traceId = this.pool.toString('hex', start, start + 16);
    const parentId = this.pool.toString('hex', start + 16, start + idBytes);
    const sampled = this.sampleRatio > 0 && Math.random() < this.sampleRatio;
    const header = `00-${traceId}-${parentId}-${sampled ? '01' : '00'}`;
    return { header, traceId, parentId, sampled };
  }

  private take(): number {
    if (this.offset + idBytes > poolBytes) {
      this.fillRandom(this.pool);
      this.offset = 0;
    }

    const start = this.offset;
    this.offset += idBytes;
    return start;
  }
}

function isAllZero(bytes: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    if (bytes[i] !== 0) {
      return false;
    }
  }
  return true;
}

const tracestateKey = /^(?:[a-z][a-z0-9_\-*/]{0,255}|[a-z0-9][a-z0-9_\-*/]{0,240}@[a-z][a-z0-9_\-*/]{0,13})$/;
const tracestateValue = /^[\x20-\x2b\x2d-\x3c\x3e-\x7e]{0,255}[\x21-\x2b\x2d-\x3c\x3e-\x7e]$/;

/**
 * Validates a `tracestate` header value
 * (https://www.w3.org/TR/trace-context/#tracestate-header): at most 32
 * comma-separated `key=value` members with valid keys and values.
 * Returns an error message, or undefined when the value is valid.
 */
export function validateTracestate(tracestate: string): string | undefined {
  const members = tracestate.split(',').map((member) => member.trim());
  if (members.length > 32) {
    return `tracestate has ${members.length} members, the maximum is 32`;
  }

  for (const member of members) {
    const separator = member.indexOf('=');
    const key = member.slice(0, separator);
    const value = member.slice(separator + 1);
    if (separator <= 0 || !tracestateKey.test(key) || !tracestateValue.test(value)) {
      return `tracestate member "${member}" is not a valid key=value pair`;
    }
  }
  return undefined;
}
