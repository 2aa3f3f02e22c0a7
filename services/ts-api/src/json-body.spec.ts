import { jsonDepth, maxJsonDepth, parseJsonBody } from './json-body';
import { ProblemError } from './problems';

function nestedArrays(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

describe('jsonDepth', () => {
  it.each([
    ['a scalar', 1, 0],
    ['an empty object', {}, 1],
    ['an array in an object', { a: [1] }, 2],
    ['the deepest branch', [[], [[[]]], {}], 4],
  ])('measures %s', (_name, value, depth) => {
    expect(jsonDepth(value)).toBe(depth);
  });

  it('measures 100 000 levels without overflowing the stack', () => {
    expect(jsonDepth(JSON.parse(nestedArrays(100_000)))).toBe(100_000);
  });
});

describe('parseJsonBody', () => {
  it('accepts 64 levels', () => {
    expect(parseJsonBody(nestedArrays(maxJsonDepth))).toBeInstanceOf(Array);
  });

  it('rejects 65 levels as too deep', () => {
    expect(() => parseJsonBody(nestedArrays(maxJsonDepth + 1))).toThrow(
      'request body is nested deeper than 64 levels',
    );
  });

  it.each(['', '{', '{"type":"t"} x', 'hello'])('rejects %j as invalid JSON', (text) => {
    expect(() => parseJsonBody(text)).toThrow(new ProblemError('invalid-json', 'request body is not valid JSON'));
  });
});
