import { existsSync } from 'node:fs';
import path from 'node:path';

import { StackError } from '@triad/stack';

import { checkReportDir, findChromium } from '../check/browser-check';
import { InterruptedError, runBench } from './bench';
import { parseBenchArgs, USAGE, UsageError, type BenchOptions } from './options';
import { Output } from './output';

/** Exit codes of `triad bench`. */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  interrupted: 130,
} as const;

/**
 * Runs `triad bench` with the arguments after the command name and returns
 * the exit code: 0 when every threshold passed, 1 when one failed or the run
 * broke, 2 for an invalid command line, 130 when interrupted.
 */
export async function runBenchCommand(argv: readonly string[], output = new Output(process.stdout)): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) {
      throw error;
    }
    output.error(error.message, ['Run `triad bench --help` for the options.']);
    return EXIT.usage;
  }

  if (options.command === 'help') {
    output.line(USAGE);
    return EXIT.ok;
  }
  if (options.command === 'check-report') {
    return checkReportCommand(options.reportDir, output);
  }
  return runCommand(options, argv, output);
}

async function runCommand(options: BenchOptions, argv: readonly string[], output: Output): Promise<number> {
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (!controller.signal.aborted) {
      output.warn(`${signal} received: stopping the load and tearing the stack down`);
      controller.abort(new InterruptedError(signal));
    }
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);

  try {
    const outcome = await runBench(options, output, controller.signal, repeatCommand(argv));
    const passed = outcome.report.passed && outcome.browserCheckPassed !== false;
    if (passed) {
      output.success(`bench passed: report in ${outcome.reportDir}`);
      return EXIT.ok;
    }
    const failed = outcome.report.thresholds.filter((threshold) => !threshold.passed).map((threshold) => threshold.name);
    if (outcome.browserCheckPassed === false) {
      failed.push('report.html browser check');
    }
    output.error(`bench failed: ${failed.join(', ')}`, [`Report in ${outcome.reportDir}`]);
    return EXIT.failed;
  } catch (error) {
    if (controller.signal.aborted) {
      output.error('bench interrupted; the stack was torn down');
      return EXIT.interrupted;
    }
    reportError(error, options.verbose, output);
    return EXIT.failed;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

async function checkReportCommand(reportDir: string, output: Output): Promise<number> {
  output.title(`check ${path.join(reportDir, 'report.html')} in headless Chromium`);
  const missing = ['report.json', 'report.html'].filter((name) => !existsSync(path.join(reportDir, name)));
  if (missing.length > 0) {
    output.error(`no report in ${reportDir}: ${missing.join(' and ')} missing`, [
      'Run `npx nx run bench:e2e --profile=smoke` first, or name a report folder.',
    ]);
    return EXIT.failed;
  }
  const chromium = findChromium();
  if (chromium === undefined) {
    output.error('no Chromium found', ['Install chromium or set CHROME_BIN to its path.']);
    return EXIT.failed;
  }
  try {
    const result = await checkReportDir(reportDir, chromium);
    output.note(`${result.charts.length} charts drawn, ${result.externalRequests.length} network requests`);
    if (result.screenshot !== undefined) {
      output.note(`screenshot: ${result.screenshot}`);
    }
    if (!result.ok) {
      output.error('report.html check failed', result.problems);
      return EXIT.failed;
    }
    output.success('report.html renders every chart and loads nothing from the network');
    return EXIT.ok;
  } catch (error) {
    reportError(error, false, output);
    return EXIT.failed;
  }
}

function reportError(error: unknown, verbose: boolean, output: Output): void {
  if (error instanceof StackError) {
    output.error(error.message, error.details, error.cause);
  } else if (error instanceof Error) {
    output.error(error.message, [], error.cause);
  } else {
    output.error(String(error));
  }
  if (verbose && error instanceof Error && error.stack !== undefined) {
    output.line(error.stack);
  }
}

// The command line that repeats this run: Nx sets NX_TASK_TARGET_PROJECT in the tasks it runs.
function repeatCommand(argv: readonly string[]): string {
  if (process.env.NX_TASK_TARGET_PROJECT !== undefined) {
    const forwarded = argv.filter((arg) => arg !== '--no-build');
    return ['npx nx run bench:e2e', ...forwarded].join(' ');
  }
  return ['triad bench', ...argv].join(' ');
}
