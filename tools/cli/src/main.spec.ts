import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main } from './main';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<Run> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await main(argv, { stdout, stderr, env, cwd });
  return { code, stdout: out, stderr: err };
}

describe('triad', () => {
  it('lists the commands in help', async () => {
    const result = await run(['--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: triad <command> \[options\]\n/);
    expect(result.stdout).toContain('  stack   ');
    expect(result.stdout).toContain('  traces  ');
  });

  it('shows help for a nested command', async () => {
    const result = await run(['stack', 'up', '--help']);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: triad stack up [options]');
    expect(result.stdout).toContain('-d, --detach');
    expect(result.stdout).toContain('--verbose');
  });

  it('prints group help and exits with 2 without a subcommand', async () => {
    const result = await run(['stack']);

    expect(result.code).toBe(2);
    expect(result.stdout).toContain('Usage: triad stack <command> [options]');
  });

  it('rejects an unknown subcommand', async () => {
    const result = await run(['stack', 'upp']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(' TRIAD   unknown command: triad stack upp');
    expect(result.stderr).toContain('Run `triad stack --help` for the usage of stack.');
  });

  it('rejects an unknown option', async () => {
    const result = await run(['stack', 'status', '--bogus']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
  });

  it('writes no colour codes outside a terminal', async () => {
    const result = await run(['stack', 'upp'], { FORCE_COLOR: '1' });

    expect(result.stderr).not.toContain('\u001b[');
  });
});

describe('triad stack', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'triad-cli-'));
    await writeFile(join(root, 'nx.json'), '{}\n');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reports a stack that is not running', async () => {
    const result = await run(['stack', 'status'], {}, root);

    expect(result.code).toBe(3);
    expect(result.stdout).toContain('The stack is not running');
  });

  it('stops nothing and exits with 0 when nothing runs', async () => {
    const result = await run(['stack', 'down'], {}, root);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The stack is not running');
  });

  it('names the variable of an invalid port', async () => {
    const result = await run(['stack', 'up', '--no-build'], { TRIAD_TS_API_PORT: 'x' }, root);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('TRIAD_TS_API_PORT must be a TCP port from 1 to 65535, got "x"');
  });

  it('explains how to get a missing binary', async () => {
    const result = await run(['stack', 'up', '--no-build'], { PATH: root }, root);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('jaeger was not found on PATH and JAEGER_BIN is not set');
    expect(result.stderr).toContain('https://github.com/jaegertracing/jaeger/releases');
  });

  it('says where to run outside the repository', async () => {
    const result = await run(['stack', 'status'], {}, tmpdir());

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no nx.json found');
  });
});

describe('triad traces check', () => {
  let server: Server | undefined;

  afterEach(() => {
    server?.close();
  });

  it('requires a trace id', async () => {
    const result = await run(['traces', 'check']);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('traces check takes exactly one trace id');
  });

  it('reports a trace that Jaeger does not have', async () => {
    server = createServer((_request, response) => {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end('{"data":null,"errors":[{"code":404,"msg":"trace not found"}]}');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const result = await run(['traces', 'check', '4bf92f3577b34da6a3ce929d0e0e4736', '--jaeger', url, '--timeout', '100']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`Trace 4bf92f3577b34da6a3ce929d0e0e4736 was not found in ${url}`);
  });

  it('prints the cause when Jaeger is unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    closed.close();

    const result = await run(['traces', 'check', '4bf92f3577b34da6a3ce929d0e0e4736', '--jaeger', url, '--timeout', '50']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`could not query Jaeger at ${url} within 50 ms`);
    expect(result.stderr).toContain('Caused by: fetch failed');
    expect(result.stderr).not.toContain('    at ');
  });

  it('adds the stack trace with --verbose', async () => {
    const result = await run(['traces', 'check', 'nothex', '--verbose']);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain('trace id must be 32 lowercase hex digits, got "nothex"');
    expect(result.stderr).toContain('    at ');
  });
});
