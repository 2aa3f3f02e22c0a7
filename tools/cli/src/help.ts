import { globalOptions, type Command, type OptionSpec } from './command';

/** Returns the help text of a command, reached by `path` (e.g. ['triad', 'stack', 'up']). */
export function helpLines(command: Command, path: readonly string[]): string[] {
  const usage = [...path];
  if (command.subcommands?.length) usage.push('<command>');
  if (command.usage) usage.push(command.usage);
  usage.push('[options]');

  const lines = [`Usage: ${usage.join(' ')}`, '', command.summary];
  if (command.description?.length) lines.push('', ...command.description);
  if (command.subcommands?.length) {
    lines.push('', 'Commands:', ...table(command.subcommands.map((sub) => [sub.name, sub.summary])));
  }
  const options = { ...command.options, ...globalOptions };
  lines.push('', 'Options:', ...table(Object.entries(options).map(([name, spec]) => [optionLabel(name, spec), spec.description])));
  return lines;
}

function optionLabel(name: string, spec: OptionSpec): string {
  const short = spec.short ? `-${spec.short}, ` : '';
  const value = spec.type === 'string' ? ` <${spec.valueName ?? 'value'}>` : '';
  return `${short}--${name}${value}`;
}

function table(rows: readonly (readonly [string, string])[]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
