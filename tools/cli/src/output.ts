import type { Writable } from 'node:stream';

/** A message block: a title line, then body lines. */
export interface Message {
  title: string;
  bodyLines?: readonly string[];
}

type Colour = 'red' | 'green' | 'yellow' | 'cyan' | 'dim' | 'bold';

const codes: Record<Colour, [number, number]> = {
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  cyan: [36, 39],
  dim: [2, 22],
  bold: [1, 22],
};

/** Reports whether a stream should get ANSI colours: a terminal, outside CI, without NO_COLOR. */
export function colourEnabled(stream: Writable & { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && !env.CI && !env.NO_COLOR;
}

/**
 * The CLI's only writer, in the manner of Nx's output module: each message is
 * a badge and a title line, then body lines, framed by blank lines. Errors go
 * to stderr, everything else to stdout.
 */
export class Output {
  private readonly colour: boolean;

  constructor(
    private readonly stdout: Writable & { isTTY?: boolean },
    private readonly stderr: Writable & { isTTY?: boolean },
    env: NodeJS.ProcessEnv,
  ) {
    this.colour = colourEnabled(stdout, env);
  }

  /** Writes a failure to stderr. */
  error(message: Message): void {
    this.block(this.stderr, 'red', message);
  }

  /** Writes a warning. */
  warn(message: Message): void {
    this.block(this.stdout, 'yellow', message);
  }

  /** Writes information the user should notice. */
  note(message: Message): void {
    this.block(this.stdout, 'cyan', message);
  }

  /** Writes a success. */
  success(message: Message): void {
    this.block(this.stdout, 'green', message);
  }

  /** Writes plain lines, without badge. */
  log(...lines: string[]): void {
    for (const line of lines) this.stdout.write(`${line}\n`);
  }

  /** Writes raw text as it is, for log contents. */
  write(text: string): void {
    this.stdout.write(text);
  }

  /** Wraps text in a colour when colours are on. */
  paint(colour: Colour, text: string): string {
    if (!this.colour) return text;
    const [open, close] = codes[colour];
    return `\u001b[${open}m${text}\u001b[${close}m`;
  }

  private block(stream: Writable, colour: Colour, { title, bodyLines = [] }: Message): void {
    const badge = this.colour ? `\u001b[7;1;${codes[colour][0]}m TRIAD \u001b[0m` : ' TRIAD ';
    const lines = ['', `${badge}  ${this.paint(colour, title)}`];
    if (bodyLines.length > 0) lines.push('', ...bodyLines);
    lines.push('');
    stream.write(`${lines.join('\n')}\n`);
  }
}
