import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runVegeta, VegetaMissingError } from './vegeta';

describe('runVegeta', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'triad-fake-vegeta-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  // A stand-in for vegeta: `attack` records its arguments and stdin, `report` prints `report`.
  async function fakeVegeta(report: string, attackExit = 0): Promise<string> {
    const path = join(directory, 'vegeta');
    await writeFile(
      path,
      [
        '#!/bin/sh',
        'if [ "$1" = attack ]; then',
        `  printf '%s\\n' "$@" > ${directory}/args`,
        `  cat > ${directory}/targets`,
        '  echo "vegeta: connection refused" >&2',
        `  exit ${attackExit}`,
        'fi',
        `printf '%s' '${report}'`,
      ].join('\n'),
    );
    await chmod(path, 0o755);
    return path;
  }

  it('reads p50, p99, rate and success from the JSON report', async () => {
    const report = JSON.stringify({ latencies: { '50th': 50_123_456, '99th': 52_500_000 }, rate: 1999.9, success: 1, requests: 30000 });
    const command = await fakeVegeta(report);

    const result = await runVegeta({ url: 'http://127.0.0.1:8081/api/user?user_id=u1', rate: 2000, durationMs: 15_000, command });

    expect(result).toEqual({ p50: 50.123, p99: 52.5, rate: 1999.9, success: 1, requests: 30000 });
  });

  it('passes the rate, duration, headers and target', async () => {
    const command = await fakeVegeta(JSON.stringify({ latencies: {}, rate: 0, success: 0, requests: 0 }));

    await runVegeta({
      url: 'http://127.0.0.1:8081/x',
      rate: 2000,
      durationMs: 3000,
      headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' },
      command,
    });
    const args = (await readFile(join(directory, 'args'), 'utf8')).split('\n');

    expect(args).toEqual(expect.arrayContaining(['-rate=2000/s', '-duration=3000ms', '-header=traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00']));
    expect(await readFile(join(directory, 'targets'), 'utf8')).toBe('GET http://127.0.0.1:8081/x\n');
  });

  it('reports a failed attack with its message', async () => {
    const command = await fakeVegeta('{}', 1);

    await expect(runVegeta({ url: 'http://127.0.0.1:1/', rate: 10, durationMs: 100, command })).rejects.toThrow(
      'vegeta attack failed with exit code 1: vegeta: connection refused',
    );
  });

  it('says when vegeta is missing', async () => {
    const command = join(directory, 'no-such-vegeta');

    await expect(runVegeta({ url: 'http://127.0.0.1:1/', rate: 10, durationMs: 100, command })).rejects.toBeInstanceOf(VegetaMissingError);
  });
});
