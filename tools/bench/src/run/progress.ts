import type { Output } from './output';

/** Figures shown on the progress line of a running scenario. */
export interface ProgressFigures {
  elapsedMs: number;
  plannedMs: number;
  achievedRate: number;
  p99Ms: number;
  errors: number;
  /** The load generator's phase, such as `ramp` or `plateau`. */
  phase?: string;
}

// The first update waits this long, so that short steps print no flicker.
const FIRST_UPDATE_MS = 500;
// Without a terminal, a new line at most this often keeps CI logs readable.
const PLAIN_INTERVAL_MS = 2000;

/**
 * The live line of one scenario: rewritten in place on a terminal, printed
 * as a new line about every 2 s otherwise (CI logs, pipes).
 */
export class ProgressLine {
  private readonly startedAt: number;
  private lastPrintedAt = Number.NEGATIVE_INFINITY;
  private lineVisible = false;

  constructor(
    private readonly output: Output,
    private readonly scenario: string,
    private readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
  }

  /** Shows the latest figures. */
  update(figures: ProgressFigures): void {
    const now = this.now();
    if (now - this.startedAt < FIRST_UPDATE_MS) {
      return;
    }
    const text = formatProgress(this.scenario, figures);
    if (this.output.interactive) {
      const width = (this.output.stream.columns ?? 120) - 1;
      this.output.stream.write(`\r\u001b[2K${text.slice(0, width)}`);
      this.lineVisible = true;
      return;
    }
    if (now - this.lastPrintedAt >= PLAIN_INTERVAL_MS) {
      this.output.note(text);
      this.lastPrintedAt = now;
    }
  }

  /** Clears the live line, so that the next output starts on an empty line. */
  end(): void {
    if (this.lineVisible) {
      this.output.stream.write('\r\u001b[2K');
      this.lineVisible = false;
    }
  }
}

/** Formats the progress of a scenario: `latency go-api 200/s  3.1/4.0 s  rate 199.8/s  p99 53.1 ms  errors 0`. */
export function formatProgress(scenario: string, figures: ProgressFigures): string {
  const phase = figures.phase === undefined || figures.phase === 'running' ? '' : ` (${figures.phase})`;
  return [
    `${scenario}${phase}`,
    `${(figures.elapsedMs / 1000).toFixed(1)}/${(figures.plannedMs / 1000).toFixed(1)} s`,
    `rate ${figures.achievedRate.toFixed(1)}/s`,
    `p99 ${figures.p99Ms.toFixed(1)} ms`,
    `errors ${figures.errors}`,
  ].join('  ');
}
