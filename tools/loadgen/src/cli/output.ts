/** Streams and environment of a command, injectable for tests. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** A progress line appears only once a run has lasted this long, so short runs print none. */
const progressDelayMs = 500;

/**
 * Terminal output of the load command, after the Nx CLI's habits: a title line
 * then body lines, colour only on a TTY outside CI, and a progress line that
 * rewrites itself on a TTY and prints once per update elsewhere.
 */
export class CommandOutput {
  private readonly colour: boolean;
  private readonly startedAt = Date.now();
  private progressShown = false;

  constructor(private readonly io: CommandIo) {
    this.colour = io.stderr.isTTY === true && io.env.CI === undefined && io.env.NO_COLOR === undefined;
  }

  /** Prints an error title and body lines on stderr. */
  error(title: string, bodyLines: readonly string[] = []): void {
    this.clearProgress();
    this.io.stderr.write(`${this.paint('31', 'error')} ${title}\n${indent(bodyLines)}`);
  }

  /** Prints a note on stderr. */
  note(title: string, bodyLines: readonly string[] = []): void {
    this.clearProgress();
    this.io.stderr.write(`${this.paint('36', 'note')} ${title}\n${indent(bodyLines)}`);
  }

  /** Prints the report lines on stdout. */
  report(lines: readonly string[]): void {
    this.clearProgress();
    this.io.stdout.write(`${lines.join('\n')}\n`);
  }

  /** Shows a progress line on stderr. */
  progress(line: string): void {
    if (Date.now() - this.startedAt < progressDelayMs) {
      return;
    }
    if (this.io.stderr.isTTY === true) {
      this.io.stderr.write(`\r\x1b[K${line}`);
      this.progressShown = true;
      return;
    }
    this.io.stderr.write(`${line}\n`);
  }

  /** Removes a progress line that a TTY still shows. */
  clearProgress(): void {
    if (this.progressShown) {
      this.io.stderr.write('\r\x1b[K');
      this.progressShown = false;
    }
  }

  private paint(code: string, text: string): string {
    return this.colour ? `\x1b[${code}m${text}\x1b[0m` : text;
  }
}

function indent(lines: readonly string[]): string {
  return lines.map((line) => `  ${line}\n`).join('');
}
