import { PassThrough } from 'node:stream';

import { runImagesCommand, type ImagesCommandIo } from './command';

function capture(): { io: ImagesCommandIo; stdout: () => string; stderr: () => string } {
  const out = new PassThrough();
  const err = new PassThrough();
  const chunks = { out: '', err: '' };
  out.on('data', (chunk: Buffer) => (chunks.out += chunk.toString()));
  err.on('data', (chunk: Buffer) => (chunks.err += chunk.toString()));
  return {
    io: { stdout: out, stderr: err, env: {}, cwd: process.cwd() },
    stdout: () => chunks.out,
    stderr: () => chunks.err,
  };
}

describe('runImagesCommand', () => {
  it('prints help with --help', async () => {
    const { io, stdout } = capture();

    expect(await runImagesCommand(['--help'], io)).toBe(0);
    expect(stdout()).toContain('Usage: triad images build');
  });

  it('rejects an unknown image', async () => {
    const { io, stderr } = capture();

    expect(await runImagesCommand(['build', 'rust-api'], io)).toBe(2);
    expect(stderr()).toContain('unknown image rust-api');
  });

  it('rejects an unknown subcommand', async () => {
    const { io, stderr } = capture();

    expect(await runImagesCommand(['push'], io)).toBe(2);
    expect(stderr()).toContain('unknown command "push"');
  });

  it('rejects an unknown option', async () => {
    const { io } = capture();

    expect(await runImagesCommand(['build', '--pull'], io)).toBe(2);
  });
});
