import { PassThrough } from 'node:stream';
import { colourEnabled, Output } from './output';

function terminal(): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY: true });
}

describe('colourEnabled', () => {
  it('is on for a terminal', () => {
    expect(colourEnabled(terminal(), {})).toBe(true);
  });

  it('is off on CI', () => {
    expect(colourEnabled(terminal(), { CI: 'true' })).toBe(false);
  });

  it('is off for a pipe', () => {
    expect(colourEnabled(new PassThrough(), {})).toBe(false);
  });
});

describe('Output', () => {
  it('writes a title and body lines between blank lines', () => {
    const stdout = new PassThrough();
    const output = new Output(stdout, new PassThrough(), {});

    output.success({ title: 'Done', bodyLines: ['a', 'b'] });

    expect(String(stdout.read())).toBe('\n TRIAD   Done\n\na\nb\n\n');
  });

  it('writes errors to stderr in colour on a terminal', () => {
    const stdout = terminal();
    const stderr = new PassThrough();
    const output = new Output(stdout, stderr, {});

    output.error({ title: 'Failed' });

    expect(String(stderr.read())).toBe('\n\u001b[7;1;31m TRIAD \u001b[0m  \u001b[31mFailed\u001b[39m\n\n');
    expect(stdout.read()).toBeNull();
  });
});
