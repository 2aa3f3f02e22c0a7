import { ProblemError } from './problems';

/** Deepest nesting of objects and arrays accepted in a request body; a scalar has depth 0. */
export const maxJsonDepth = 64;

const invalidJson = new ProblemError('invalid-json', 'request body is not valid JSON');
const tooDeep = new ProblemError('invalid-json', `request body is nested deeper than ${maxJsonDepth} levels`);

/**
 * Parses a JSON request body and rejects documents nested deeper than
 * maxJsonDepth. Throws ProblemError `invalid-json` for either case.
 */
export function parseJsonBody(text: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalidJson;
  }
  if (jsonDepth(value) > maxJsonDepth) {
    throw tooDeep;
  }
  return value;
}

/**
 * Returns the nesting depth of a parsed JSON value: 1 for `{}` or `[]`, 2 for
 * `[[]]`. It walks with an explicit stack, so a deep document cannot overflow
 * the call stack.
 */
export function jsonDepth(value: unknown): number {
  let maxDepth = 0;
  const pending: [unknown, number][] = [[value, 0]];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    const [current, parentDepth] = entry;
    if (typeof current !== 'object' || current === null) {
      continue;
    }
    const depth = parentDepth + 1;
    maxDepth = Math.max(maxDepth, depth);
    const children: unknown[] = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      pending.push([child, depth]);
    }
  }
  return maxDepth;
}
