import type { Output } from './output';

/** One option of a command, as node:util's parseArgs takes it, plus help text. */
export interface OptionSpec {
  type: 'boolean' | 'string';
  short?: string;
  /** Placeholder of the value in help, e.g. `URL`. */
  valueName?: string;
  description: string;
}

/** The input of a command's `run`. */
export interface CommandContext {
  /** Positional arguments after the command's name. */
  positionals: string[];
  /** Parsed options; booleans are true or absent, strings are strings. */
  options: Record<string, string | boolean | undefined>;
  output: Output;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Resolves when the user presses Ctrl-C or the process gets SIGTERM. */
  interrupted: Promise<NodeJS.Signals>;
}

/**
 * A command or a group of subcommands. Add a new top-level command (such as
 * `load` or `bench`) by listing it in commands/index.ts; help and argument
 * parsing come from these fields.
 */
export interface Command {
  name: string;
  /** One line for command lists. */
  summary: string;
  /** Arguments after the name in the usage line, e.g. `<trace-id>`. */
  usage?: string;
  /** Extra help paragraphs. */
  description?: readonly string[];
  options?: Readonly<Record<string, OptionSpec>>;
  subcommands?: readonly Command[];
  /** Returns the exit code. Absent for groups, which only print help. */
  run?(context: CommandContext): Promise<number>;
  /**
   * Runs a command that parses its own arguments: everything after the
   * command's name is passed on unparsed, `--help` included.
   */
  delegate?(argv: readonly string[]): Promise<number>;
}

/** A mistake on the command line; the CLI prints it with the command's help and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Options that every command takes. */
export const globalOptions: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'Show help for the command.' },
  verbose: { type: 'boolean', description: 'Print stack traces of errors.' },
};
