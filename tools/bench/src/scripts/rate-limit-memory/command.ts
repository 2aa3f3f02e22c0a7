import { findRepoRoot } from '@triad/stack';

import { Output } from '../../run/output';
import { clientAddresses } from './addresses';
import { runFailuresText } from './lines';
import { LIMITER, measureRun, type RunSettings } from './measure';
import { parseRateLimitMemoryArgs, USAGE, UsageError, type RateLimitMemoryOptions } from './options';
import {
  buildJsonReport,
  evictionTable,
  FIGURE_NOTES,
  figuresTables,
  totalFailures,
  writeJsonReport,
  type ServiceResult,
} from './report';
import { killAllServices } from './service-process';

/** Exit codes of the script. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** Upper bound of a whole measurement, per service; the eviction probe adds its wait on top. */
const DEADLINE_PER_SERVICE_MS = 5 * 60_000;

/**
 * Runs the rate-limit memory measurement with the given arguments and
 * returns the exit code: 0 when every request succeeded, 1 when one failed
 * or the measurement broke, 2 for an invalid command line, 130 when
 * interrupted or past its deadline.
 */
export async function runRateLimitMemoryCommand(
  argv: readonly string[],
  output = new Output(process.stdout),
): Promise<number> {
  let options: RateLimitMemoryOptions;
  try {
    options = parseRateLimitMemoryArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    output.error(error.message, ['Run it with --help for the options.']);
    return EXIT.usage;
  }
  if (options.help) {
    output.line(USAGE);
    return EXIT.ok;
  }

  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      output.warn(`${signal} received: stopping the services`);
      controller.abort(new Error(`interrupted by ${signal}`));
    }
  };
  const deadlineMs = options.services.length * (DEADLINE_PER_SERVICE_MS + (options.checkEviction ? 2 * 60_000 : 0));
  const deadline = setTimeout(() => {
    output.warn(`deadline of ${deadlineMs / 60_000} minutes passed: stopping the services`);
    controller.abort(new Error('deadline passed'));
  }, deadlineMs);
  deadline.unref();
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.on('exit', killAllServices);

  try {
    return await measureAll(options, controller.signal, output);
  } catch (error) {
    if (controller.signal.aborted) {
      output.error('measurement stopped before the end; every service it started was stopped');
      return EXIT.interrupted;
    }
    const message = error instanceof Error ? error.message : String(error);
    const [title = 'measurement failed', ...body] = message.split('\n');
    output.error(title, body, error instanceof Error ? error.cause : undefined);
    if (options.verbose && error instanceof Error && error.stack !== undefined) {
      output.line(error.stack);
    }
    return EXIT.failed;
  } finally {
    clearTimeout(deadline);
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function measureAll(options: RateLimitMemoryOptions, signal: AbortSignal, output: Output): Promise<number> {
  const root = findRepoRoot();
  const clients = clientAddresses(options.clients);
  const settings: RunSettings = {
    root,
    clients,
    concurrency: options.concurrency,
    checkEviction: options.checkEviction,
    signal,
    log: (line) => {
      output.note(line);
    },
  };
  output.note(
    `${clients.length} client addresses from ${clients[0] ?? '-'} to ${clients.at(-1) ?? '-'}, ` +
      `${options.concurrency} requests in flight at most`,
  );

  const results: ServiceResult[] = [];
  for (const service of options.services) {
    output.title(`${service} with RATE_LIMIT_RPS=${LIMITER.rps} RATE_LIMIT_BURST=${LIMITER.burst}`);
    const withLimiter = await measureRun(service, true, settings);
    output.note(runFailuresText(withLimiter));

    output.title(`${service} without RATE_LIMIT_RPS (control)`);
    const withoutLimiter = await measureRun(service, false, settings);
    output.note(runFailuresText(withoutLimiter));
    results.push({ service, withLimiter, withoutLimiter });
  }

  printSummary(output, results, options.clients);
  const generatedAt = new Date();
  const document = buildJsonReport(results, options, generatedAt);
  const path = writeJsonReport(options.outDir, document, generatedAt);

  const failures = totalFailures(results);
  if (failures > 0) {
    output.error(`${failures} requests failed; the figures are in ${path}, but they count fewer buckets`);
    return EXIT.failed;
  }
  output.success(`figures written to ${path}`);
  return EXIT.ok;
}

function printSummary(output: Output, results: readonly ServiceResult[], clients: number): void {
  const tables = figuresTables(results, clients);
  output.title(`memory of ${clients} idle rate-limit buckets, RSS (MiB = 1024 * 1024 bytes)`);
  tables.rss.forEach((line) => {
    output.note(line);
  });
  if (tables.heap.length > 0) {
    output.title('the same from the heap gauge of /metrics');
    tables.heap.forEach((line) => {
      output.note(line);
    });
  }
  const eviction = evictionTable(results);
  if (eviction.length > 0) {
    output.title('eviction probe: a second request from spread client addresses after the idle timeout');
    eviction.forEach((line) => {
      output.note(line);
    });
  }
  output.line('');
  FIGURE_NOTES.forEach((line) => {
    output.note(line);
  });
}
