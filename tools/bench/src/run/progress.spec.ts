import { Output } from './output';
import { formatProgress, ProgressLine, type ProgressFigures } from './progress';

const figures: ProgressFigures = { elapsedMs: 3100, plannedMs: 4000, achievedRate: 199.84, p99Ms: 53.14, errors: 0 };

function capture(isTTY: boolean) {
  const written: string[] = [];
  const stream = { isTTY, columns: 200, write: (text: string) => written.push(text) };
  return { written, output: new Output(stream, {}) };
}

describe('formatProgress', () => {
  it('shows scenario, elapsed, rate, p99 and errors', () => {
    expect(formatProgress('latency go-api 200/s', figures)).toBe(
      'latency go-api 200/s  3.1/4.0 s  rate 199.8/s  p99 53.1 ms  errors 0',
    );
  });

  it('names the phase of a closed-model load', () => {
    expect(formatProgress('connections go-api 50', { ...figures, phase: 'ramp' })).toMatch(/^connections go-api 50 \(ramp\)/);
  });
});

describe('ProgressLine', () => {
  it('rewrites one line on a terminal', () => {
    let now = 0;
    const { written, output } = capture(true);
    const line = new ProgressLine(output, 'latency go-api 200/s', () => now);

    now = 600;
    line.update(figures);
    now = 700;
    line.update({ ...figures, errors: 2 });
    line.end();

    expect(written).toHaveLength(3);
    expect(written[0]?.startsWith('\r\u001b[2Klatency go-api 200/s')).toBe(true);
    expect(written[1]).toContain('errors 2');
    expect(written[2]).toBe('\r\u001b[2K');
  });

  it('prints a new line about every 2 s without a terminal', () => {
    let now = 0;
    const { written, output } = capture(false);
    const line = new ProgressLine(output, 'latency go-api 200/s', () => now);

    for (now = 600; now <= 5000; now += 500) {
      line.update(figures);
    }
    line.end();

    expect(written).toHaveLength(3);
    expect(written.every((text) => text.endsWith('\n'))).toBe(true);
  });

  it('stays silent for the first half second', () => {
    let now = 0;
    const { written, output } = capture(true);
    const line = new ProgressLine(output, 'warm-up', () => now);

    now = 400;
    line.update(figures);

    expect(written).toEqual([]);
  });
});
