import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { LoadResult } from '../load-types';
import { respondAfter, startTestServer, type TestServer } from '../test-support/test-server';
import { runLoadCommand } from './load-command';
import type { CommandIo } from './output';

interface CapturedIo extends CommandIo {
  stdoutText: () => string;
  stderrText: () => string;
}

function captureIo(env: NodeJS.ProcessEnv = {}): CapturedIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdoutChunks: Buffer[] = [];
  const stderrChunks: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => stdoutChunks.push(chunk));
  stderr.on('data', (chunk: Buffer) => stderrChunks.push(chunk));
  return {
    stdout,
    stderr,
    env,
    stdoutText: () => Buffer.concat(stdoutChunks).toString(),
    stderrText: () => Buffer.concat(stderrChunks).toString(),
  };
}

describe('runLoadCommand', () => {
  it.each([
    [['--rate', 'fast'], '--rate must be a positive number'],
    [['--duration', '10'], '--duration must be a positive duration with a unit'],
    [['--url', 'ftp://127.0.0.1/'], '--url must use http or https'],
    [['--rate', '10', '--rates', '10,20'], '--rate and --rates cannot be used together'],
    [['--sample-ratio', '2'], '--sample-ratio must be a number from 0 to 1'],
    [['--engine', 'wrk'], '--engine must be builtin or k6'],
    [['--tracestate', 'bad'], '--tracestate is invalid'],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j with exit code 2', async (argv, message) => {
    const io = captureIo();

    const exitCode = await runLoadCommand(argv, io);

    expect(exitCode).toBe(2);
    expect(io.stderrText()).toContain(message);
    expect(io.stderrText().trimEnd().split('\n')).toHaveLength(1);
    expect(io.stdoutText()).toBe('');
  });

  it('prints usage for --help', async () => {
    const io = captureIo();

    expect(await runLoadCommand(['--help'], io)).toBe(0);
    expect(io.stdoutText()).toContain('Usage: triad load');
  });

  it('explains how to get k6 when it is not installed', async () => {
    const io = captureIo({ PATH: '' });

    const exitCode = await runLoadCommand(['--engine', 'k6', '--rate', '10', '--duration', '1s'], io);

    expect(exitCode).toBe(1);
    expect(io.stderrText()).toContain('k6 is not installed');
    expect(io.stderrText()).toContain('https://grafana.com/docs/k6/latest/set-up/install-k6/');
  });

  describe('against a local server', () => {
    let server: TestServer;
    let directory: string;

    beforeAll(async () => {
      server = await startTestServer(respondAfter(5));
      directory = await mkdtemp(join(tmpdir(), 'loadgen-'));
    });

    afterAll(async () => {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    });

    it('writes hgrm, JSON and progress lines', async () => {
      const io = captureIo();
      const hgrmFile = join(directory, 'latency.hgrm');
      const jsonFile = join(directory, 'result.json');

      const exitCode = await runLoadCommand(
        ['--url', server.url, '--rate', '100', '--duration', '2s', '--hgrm', hgrmFile, '--json', jsonFile],
        io,
      );

      expect(exitCode).toBe(0);
      const hgrm = await readFile(hgrmFile, 'utf8');
      expect(hgrm).toMatch(/^\s*Value\s+Percentile\s+TotalCount/);
      expect(hgrm).toMatch(/Total count\s+=\s+200\]/);
      const result = JSON.parse(await readFile(jsonFile, 'utf8')) as LoadResult;
      expect(result.targetRate).toBe(100);
      expect(result.requests.sent).toBe(200);
      expect(Object.keys(result.latency)).toEqual(['count', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max']);
      expect(io.stdoutText()).toContain('latency ms     p50');
      const progressLines = io.stderrText().trimEnd().split('\n');
      expect(progressLines.length).toBeGreaterThanOrEqual(1);
      expect(progressLines.length).toBeLessThanOrEqual(3);
      expect(progressLines[0]).toMatch(/^\ds running: \d+\/s of 100\/s/);
    });
  });
});
