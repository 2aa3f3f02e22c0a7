import { writeFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { toHgrm } from '../histogram';
import type { LoadResult } from '../load-types';
import { steppedRates } from '../rate-plan';
import { runClosedLoad, runOpenLoad } from '../run-load';
import { assertK6Supports, findOnPath, k6InstallHint, runK6 } from './k6-engine';
import { type CommandIo, CommandOutput } from './output';
import { loadUsage, type LoadCommandOptions, parseLoadArgs, UsageError } from './parse-args';
import { formatProgress, formatResult } from './summary';

/** Exit codes of `triad load`. */
export const exitCodes = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Runs `triad load` with the arguments that follow `load` and resolves to the
 * exit code: 0 when the load ran, 1 when it failed, 2 for invalid arguments.
 */
export async function runLoadCommand(
  argv: readonly string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr, env: process.env },
): Promise<number> {
  const output = new CommandOutput(io);
  let options: LoadCommandOptions;
  try {
    options = parseLoadArgs(argv);
    if (options.engine === 'k6') {
      assertK6Supports(options);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`triad load: ${error.message}; run "triad load --help" for usage\n`);
      return exitCodes.usage;
    }
    throw error;
  }
  if (options.help) {
    io.stdout.write(`${loadUsage}\n`);
    return exitCodes.ok;
  }

  try {
    return options.engine === 'k6' ? await runWithK6(options, output, io) : await runBuiltin(options, output, io);
  } catch (error) {
    reportFailure(error, options.verbose, output);
    return exitCodes.failed;
  }
}

async function runWithK6(options: LoadCommandOptions, output: CommandOutput, io: CommandIo): Promise<number> {
  const k6Path = findOnPath('k6', io.env);
  if (k6Path === undefined) {
    output.error('k6 is not installed: --engine k6 needs the k6 binary on PATH', [k6InstallHint]);
    return exitCodes.failed;
  }
  return runK6(k6Path, options);
}

async function runBuiltin(options: LoadCommandOptions, output: CommandOutput, io: CommandIo): Promise<number> {
  const abort = new AbortController();
  const onSignal = (): void => {
    abort.abort();
  };
  process.once('SIGINT', onSignal);

  const common = {
    url: options.url,
    timeoutMs: options.timeoutMs,
    sampleRatio: options.sampleRatio,
    tracestate: options.tracestate,
    workers: options.workers,
    signal: abort.signal,
    onProgress: (progress: Parameters<typeof formatProgress>[0]) => {
      output.progress(formatProgress(progress));
    },
  };
  let result: LoadResult;
  try {
    result =
      options.connections === undefined
        ? await runOpenLoad({ ...common, stages: steppedRates(options.rates, options.stepDurationMs) })
        : await runClosedLoad({ ...common, connections: options.connections, durationMs: options.durationMs });
  } finally {
    process.off('SIGINT', onSignal);
    output.clearProgress();
  }

  if (options.hgrmFile !== undefined) {
    await writeFile(options.hgrmFile, toHgrm(result.histograms.latency));
  }
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (options.jsonFile === '-') {
    io.stdout.write(json);
    return exitCodes.ok;
  }
  if (options.jsonFile !== undefined) {
    await writeFile(options.jsonFile, json);
  }
  output.report(formatResult(result));
  return exitCodes.ok;
}

function reportFailure(error: unknown, verbose: boolean, output: CommandOutput): void {
  const message = error instanceof Error ? error.message : String(error);
  const body: string[] = [];
  if (error instanceof Error && error.cause !== undefined) {
    body.push(`Caused by: ${error.cause instanceof Error ? error.cause.message : inspect(error.cause)}`);
  }
  if (verbose && error instanceof Error && error.stack !== undefined) {
    body.push(...error.stack.split('\n').slice(1));
  }
  output.error(`load failed: ${message}`, body);
}
