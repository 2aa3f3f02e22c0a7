import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isCompiledJavaScript, stageContext } from './context';

describe('stageContext', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'triad-context-'));
    mkdirSync(join(dir, 'src/lib'), { recursive: true });
    writeFileSync(join(dir, 'src/main.js'), 'main');
    writeFileSync(join(dir, 'src/main.js.map'), '{}');
    writeFileSync(join(dir, 'src/lib/util.js'), 'util');
    writeFileSync(join(dir, 'Containerfile'), 'FROM scratch');
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('places files and directories at their targets', async () => {
    const context = join(dir, 'context');

    const files = await stageContext(context, [
      { source: join(dir, 'Containerfile'), target: 'Containerfile' },
      { source: join(dir, 'src'), target: 'app/dist', include: isCompiledJavaScript },
    ]);

    expect(files).toBe(3);
    expect(readFileSync(join(context, 'Containerfile'), 'utf8')).toBe('FROM scratch');
    expect(readdirSync(join(context, 'app/dist')).sort()).toEqual(['lib', 'main.js']);
    expect(readFileSync(join(context, 'app/dist/lib/util.js'), 'utf8')).toBe('util');
  });
});
