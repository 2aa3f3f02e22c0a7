import { parseArgs } from 'node:util';

import { SERVICE_NAMES, type ServiceName } from '../../report/types';
import { MAX_CLIENT_ADDRESSES } from './addresses';

/** The parsed command line of the rate-limit memory script. */
export interface RateLimitMemoryOptions {
  help: boolean;
  /** Distinct client addresses that each send one request, so one bucket each. */
  clients: number;
  /** Maximum requests in flight at once. */
  concurrency: number;
  services: ServiceName[];
  /** Folder that receives `rate-limit-memory/<timestamp>.json`. */
  outDir: string;
  /** Wait past the idle timeout and probe whether the buckets were evicted. */
  checkEviction: boolean;
  verbose: boolean;
}

/** An invalid command line; the message names the value and what is accepted. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Maximum of `--concurrency`. */
export const MAX_CONCURRENCY = 1000;

/** Usage text of the script. */
export const USAGE = `Usage: npx nx run bench:rate-limit-memory [-- options]

Starts each service alone, twice: with RATE_LIMIT_RPS set and without it.
Each time, one request comes from each of --clients distinct loopback
addresses, and the resident memory (VmRSS) is sampled before and after.
The memory of the buckets is the growth with the limiter minus the growth
without it.

Options:
  --clients N        client addresses, one bucket each (default 10000,
                     at most ${MAX_CLIENT_ADDRESSES})
  --concurrency N    requests in flight at once (default 32, at most ${MAX_CONCURRENCY})
  --services LIST    comma-separated subset of go-api,dotnet-api,ts-api
  --out DIR          folder for rate-limit-memory/<timestamp>.json
                     (default: reports)
  --check-eviction   after the measurement, wait 80 s and probe whether
                     the idle buckets were evicted (adds 80 s per service)
  --verbose          print stack traces of errors
  --help             print this text`;

/**
 * Parses the arguments of the script. Nx forwards options as `--name=value`,
 * and negated flags as `--name=false`; both forms are accepted.
 */
export function parseRateLimitMemoryArgs(argv: readonly string[]): RateLimitMemoryOptions {
  const { values, positionals } = parseOrThrow(normalizeBooleanFlags(argv));
  if (positionals.length > 0) {
    throw new UsageError(`unexpected argument "${positionals.join(' ')}"`);
  }

  return {
    help: values.help ?? false,
    clients: parseCount('clients', values.clients ?? '10000', MAX_CLIENT_ADDRESSES),
    concurrency: parseCount('concurrency', values.concurrency ?? '32', MAX_CONCURRENCY),
    services: parseServices(values.services),
    outDir: values.out ?? 'reports',
    checkEviction: values['check-eviction'] ?? false,
    verbose: values.verbose ?? false,
  };
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      allowNegative: true,
      strict: true,
      options: {
        clients: { type: 'string' },
        concurrency: { type: 'string' },
        services: { type: 'string' },
        out: { type: 'string' },
        'check-eviction': { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

const BOOLEAN_FLAGS = ['check-eviction', 'verbose', 'help'];

function normalizeBooleanFlags(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    const match = /^--([a-z-]+)=(true|false)$/.exec(arg);
    if (match?.[1] === undefined || !BOOLEAN_FLAGS.includes(match[1])) {
      return arg;
    }
    return match[2] === 'true' ? `--${match[1]}` : `--no-${match[1]}`;
  });
}

function parseCount(name: string, text: string, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > max) {
    throw new UsageError(`invalid --${name} "${text}": use a whole number from 1 to ${max}`);
  }
  return value;
}

function parseServices(list: string | undefined): ServiceName[] {
  if (list === undefined) {
    return [...SERVICE_NAMES];
  }
  const names = list.split(',').map((name) => name.trim());
  const unknown = names.find((name) => !(SERVICE_NAMES as readonly string[]).includes(name));
  if (unknown !== undefined) {
    throw new UsageError(`invalid service "${unknown}" in --services: use ${SERVICE_NAMES.join(', ')}`);
  }
  return SERVICE_NAMES.filter((service) => names.includes(service));
}
