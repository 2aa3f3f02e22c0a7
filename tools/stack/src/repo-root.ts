import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { StackError } from './errors';

/**
 * Returns the repository root: the nearest directory at or above `start` that
 * contains nx.json. Runs and state live below it in `.triad/`.
 */
export function findRepoRoot(start: string = process.cwd()): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) break;
  }
  throw new StackError(`no nx.json found in ${start} or above; run triad inside the triad repository`);
}
