import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

describe('k6 scenario', () => {
  it('type-checks against @types/k6', () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const project = join(__dirname, '..', 'k6', 'tsconfig.json');

    const run = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { encoding: 'utf8', timeout: 60_000 });

    expect(run.stdout + run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
