import { parseArgs } from 'node:util';
import { globalOptions, UsageError, type Command, type CommandContext, type OptionSpec } from './command';
import { commands } from './commands';
import { helpLines } from './help';
import { Output } from './output';

/** The root of the command tree. */
export const triadCommand: Command = {
  name: 'triad',
  summary: 'Runs, checks and measures the triad services.',
  subcommands: commands,
};

/** The process's streams and environment; tests pass their own. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** Runs the `triad` command line and returns the exit code. */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const output = new Output(io.stdout as never, io.stderr as never, io.env);
  const verbose = argv.includes('--verbose');
  const { command, path, rest } = resolve(triadCommand, argv);

  try {
    if (command.delegate) {
      return await command.delegate(rest);
    }
    const parsed = parseArgs({
      args: rest,
      options: toParseArgsOptions({ ...command.options, ...globalOptions }),
      allowPositionals: true,
      strict: true,
    });
    if (parsed.values.help || !command.run) {
      if (!command.run && !parsed.values.help && parsed.positionals.length > 0) {
        throw new UsageError(`unknown command: ${[...path, parsed.positionals[0]].join(' ')}`);
      }
      output.log(...helpLines(command, path));
      return command.run || parsed.values.help ? 0 : 2;
    }
    return await command.run(context(parsed, output, io));
  } catch (error) {
    return reportError(error, output, verbose, command, path);
  }
}

// Walks down the subcommands as far as the arguments name them.
function resolve(root: Command, argv: readonly string[]): { command: Command; path: string[]; rest: string[] } {
  let command = root;
  const path = [root.name];
  let index = 0;
  for (; index < argv.length; index++) {
    const next = command.subcommands?.find((sub) => sub.name === argv[index]);
    if (!next) break;
    command = next;
    path.push(next.name);
  }
  return { command, path, rest: argv.slice(index) };
}

function toParseArgsOptions(
  options: Readonly<Record<string, OptionSpec>>,
): Record<string, { type: 'boolean' | 'string'; short?: string }> {
  return Object.fromEntries(
    Object.entries(options).map(([name, spec]) => [name, spec.short ? { type: spec.type, short: spec.short } : { type: spec.type }]),
  );
}

function context(
  parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] },
  output: Output,
  io: Io,
): CommandContext {
  return {
    positionals: parsed.positionals,
    options: parsed.values,
    output,
    env: io.env,
    cwd: io.cwd,
    interrupted: new Promise((resolveSignal) => {
      process.once('SIGINT', () => {
        resolveSignal('SIGINT');
      });
      process.once('SIGTERM', () => {
        resolveSignal('SIGTERM');
      });
    }),
  };
}

function reportError(error: unknown, output: Output, verbose: boolean, command: Command, path: string[]): number {
  const usage = error instanceof UsageError || isParseArgsError(error);
  const message = messageOf(error);
  const [title = 'failed', ...rest] = message.split('\n');
  const bodyLines = [...rest, ...detailsOf(error), ...causes(error)];
  if (usage) bodyLines.push(`Run \`${path.join(' ')} --help\` for the usage of ${command.name}.`);
  const stack = (error as { stack?: unknown } | undefined)?.stack;
  if (verbose && typeof stack === 'string') bodyLines.push('', ...stack.split('\n'));
  output.error({ title, bodyLines });
  return usage ? 2 : 1;
}

function detailsOf(error: unknown): readonly string[] {
  const details = (error as { details?: unknown } | undefined)?.details;
  return Array.isArray(details) ? details.map(String) : [];
}

// Follows error.cause, as Node's fetch and our own errors nest the real reason there.
function causes(error: unknown): string[] {
  const lines: string[] = [];
  let cause = (error as { cause?: unknown } | undefined)?.cause;
  for (let depth = 0; cause !== undefined && cause !== null && depth < 5; depth++) {
    lines.push(`Caused by: ${messageOf(cause)}`);
    cause = (cause as { cause?: unknown }).cause;
  }
  return lines;
}

// Reads `message` instead of testing `instanceof Error`: errors from another
// realm (fetch's, under Jest) are no instances of this realm's Error.
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown }).message;
  return typeof message === 'string' ? message : JSON.stringify(error);
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS_');
}

function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
