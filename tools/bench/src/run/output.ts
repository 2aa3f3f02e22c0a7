/**
 * Terminal output of `triad bench`, in the manner of Nx's CLI: a title line
 * per step with body lines below it, colour only on a terminal outside CI.
 */

/** A writable terminal stream; `isTTY` decides between a live line and plain lines. */
export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** Output of one run of the command. */
export class Output {
  readonly colour: boolean;

  constructor(
    readonly stream: OutputStream,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.colour = stream.isTTY === true && env.CI === undefined && env.NO_COLOR === undefined;
  }

  /** Reports whether a live, rewritten line can be used. */
  get interactive(): boolean {
    return this.stream.isTTY === true;
  }

  /** Prints a step title. */
  title(text: string): void {
    this.line(`\n${this.paint('1;36', '›')} ${this.paint('1', text)}`);
  }

  /** Prints a body line below a title. */
  note(text: string): void {
    this.line(`  ${text}`);
  }

  /** Prints a success line. */
  success(text: string): void {
    this.line(`\n${this.paint('1;32', '✔')} ${this.paint('1', text)}`);
  }

  /** Prints a warning with optional body lines. */
  warn(text: string, body: readonly string[] = []): void {
    this.line(`\n${this.paint('1;33', '!')} ${this.paint('1;33', text)}`);
    for (const line of body) {
      this.note(line);
    }
  }

  /** Prints an error: the title, body lines, then each `cause` in the chain. */
  error(text: string, body: readonly string[] = [], cause?: unknown): void {
    this.line(`\n${this.paint('1;31', '✖')} ${this.paint('1;31', text)}`);
    for (const line of body) {
      this.note(line);
    }
    for (let current = cause; current instanceof Error; current = current.cause) {
      this.note(`Caused by: ${current.message}`);
    }
  }

  /** Writes one line. */
  line(text: string): void {
    this.stream.write(`${text}\n`);
  }

  private paint(code: string, text: string): string {
    return this.colour ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
