import { EXIT, runBenchCommand } from './command';
import { Output } from './output';

function capture() {
  const written: string[] = [];
  const output = new Output({ isTTY: false, write: (text: string) => written.push(text) }, {});
  return { output, text: () => written.join('') };
}

describe('runBenchCommand', () => {
  it('prints the usage for --help', async () => {
    const { output, text } = capture();

    const code = await runBenchCommand(['--help'], output);

    expect(code).toBe(EXIT.ok);
    expect(text()).toContain('Usage: triad bench [options]');
  });

  it('exits 2 on an invalid profile', async () => {
    const { output, text } = capture();

    const code = await runBenchCommand(['--profile=huge'], output);

    expect(code).toBe(EXIT.usage);
    expect(text()).toContain('invalid profile "huge": use smoke, standard or full');
  });

  it('exits 2 on an unknown runtime', async () => {
    const { output, text } = capture();

    const code = await runBenchCommand(['--runtime', 'vm'], output);

    expect(code).toBe(EXIT.usage);
    expect(text()).toContain('use local or container');
  });

  it('fails check-report on a folder without a report', async () => {
    const { output, text } = capture();

    const code = await runBenchCommand(['check-report', '/nonexistent/triad-report'], output);

    expect(code).toBe(EXIT.failed);
    expect(text()).toContain('no report in /nonexistent/triad-report: report.json and report.html missing');
  });
});
