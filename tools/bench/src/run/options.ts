import { parseArgs } from 'node:util';

import { isProfileName } from './profiles';
import type { ProfileName, RuntimeName, ServiceName } from '../report/types';
import { SERVICE_NAMES } from '../report/types';

/** The parsed command line of `triad bench`. */
export interface BenchOptions {
  command: 'run' | 'check-report' | 'help';
  profile: ProfileName;
  runtime: RuntimeName;
  /** Folder that receives `<timestamp>/` and `latest`. */
  outDir: string;
  /** Report folder to check, for `check-report`. */
  reportDir: string;
  build: boolean;
  teardown: boolean;
  services: ServiceName[];
  verbose: boolean;
}

/** An invalid command line; the message names the value and what is accepted. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Usage text of `triad bench`. */
export const USAGE = `Usage: triad bench [options]
       triad bench check-report [REPORT_DIR]

Builds the services, deploys the stack, runs the load scenarios, verifies
their traces in Jaeger, writes a report and tears the stack down.

Options:
  --profile NAME      smoke (CI, about 3 minutes), standard (default, about
                      12 minutes) or full (up to 10000 connections)
  --runtime NAME      where the stack runs: local processes (default) or
                      container (images built by Nx, run through DOCKER_HOST;
                      memory then comes from each container's cgroup)
  --out DIR           folder for <timestamp>/ and latest (default: reports)
  --services LIST     comma-separated subset of go-api,dotnet-api,ts-api;
                      the aggregate scenario needs all three
  --no-build          skip the build (Nx has built the services already);
                      on containers the images are still brought up to date
  --no-teardown       leave the stack running after the run
  --verbose           print stack traces of errors
  --help              print this text

check-report opens REPORT_DIR/report.html (default: reports/latest) in
headless Chromium and checks that every chart is drawn and nothing was
fetched from the network.`;

/** An option of `triad bench` in the shape of node:util's parseArgs, with its help text. */
export interface BenchOptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  valueName?: string;
  description: string;
}

/**
 * The options of `triad bench`, for a command registry that builds help and
 * parses arguments itself. Negated flags (`--no-build`, `--no-teardown`) are
 * the booleans `build` and `teardown`; `runBenchCommand` takes the
 * arguments either way.
 */
export const BENCH_OPTIONS: Readonly<Record<string, BenchOptionSpec>> = {
  profile: { type: 'string', valueName: 'NAME', description: 'smoke (CI, about 3 minutes), standard (default) or full.' },
  runtime: { type: 'string', valueName: 'NAME', description: 'Where the stack runs: local (default) or container.' },
  out: { type: 'string', valueName: 'DIR', description: 'Folder for <timestamp>/ and latest (default: reports).' },
  services: { type: 'string', valueName: 'LIST', description: 'Comma-separated subset of go-api,dotnet-api,ts-api.' },
  build: { type: 'boolean', description: 'Build the services first (default); --no-build skips it.' },
  teardown: { type: 'boolean', description: 'Stop the stack at the end (default); --no-teardown leaves it running.' },
};

/**
 * Parses the arguments of `triad bench` (without the command name).
 *
 * Accepts `--name value` and `--name=value`. Nx forwards negated flags as
 * `--teardown=false`, so the boolean flags also take `=true`/`=false`.
 */
export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const { values, positionals } = parseOrThrow(normalizeBooleanFlags(argv));
  const [command, reportDir, ...extra] = positionals;
  if (command !== undefined && command !== 'check-report') {
    throw new UsageError(`unknown argument "${command}"; the only subcommand is check-report`);
  }
  if (extra.length > 0) {
    throw new UsageError(`unexpected argument "${extra.join(' ')}"`);
  }

  const outDir = values.out ?? 'reports';
  return {
    command: values.help === true ? 'help' : (command ?? 'run'),
    profile: parseProfile(values.profile ?? 'standard'),
    runtime: parseRuntime(values.runtime ?? 'local'),
    outDir,
    reportDir: reportDir ?? `${outDir}/latest`,
    build: values.build ?? true,
    teardown: values.teardown ?? true,
    services: parseServices(values.services),
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
        profile: { type: 'string' },
        runtime: { type: 'string' },
        out: { type: 'string' },
        services: { type: 'string' },
        build: { type: 'boolean' },
        teardown: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, { cause: error });
  }
}

const BOOLEAN_FLAGS = ['build', 'teardown', 'verbose', 'help'];

function normalizeBooleanFlags(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    const match = /^--([a-z-]+)=(true|false)$/.exec(arg);
    if (match?.[1] === undefined || !BOOLEAN_FLAGS.includes(match[1])) {
      return arg;
    }
    return match[2] === 'true' ? `--${match[1]}` : `--no-${match[1]}`;
  });
}

function parseProfile(name: string): ProfileName {
  if (!isProfileName(name)) {
    throw new UsageError(`invalid profile "${name}": use smoke, standard or full`);
  }
  return name;
}

function parseRuntime(name: string): RuntimeName {
  if (name === 'local' || name === 'container') {
    return name;
  }
  throw new UsageError(`invalid runtime "${name}": use local or container`);
}

function parseServices(list: string | undefined): ServiceName[] {
  if (list === undefined) {
    return [...SERVICE_NAMES];
  }
  const names = list.split(',').map((name) => name.trim());
  const services: ServiceName[] = [];
  for (const name of names) {
    const service = SERVICE_NAMES.find((known) => known === name);
    if (service === undefined) {
      throw new UsageError(`invalid service "${name}" in --services: use any of ${SERVICE_NAMES.join(', ')}`);
    }
    if (!services.includes(service)) {
      services.push(service);
    }
  }
  return SERVICE_NAMES.filter((service) => services.includes(service));
}
