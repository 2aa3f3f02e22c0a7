import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { isCompiledJavaScript, isRuntimePackageFile, stageContext } from './context';

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

describe('isRuntimePackageFile', () => {
  it.each(['index.js', 'lib/index.cjs', 'esm/index.mjs', 'package.json', 'proto/trace.proto'])('keeps %s', (path) => {
    expect(isRuntimePackageFile(path, false)).toBe(true);
  });

  it.each(['index.d.ts', 'index.d.cts', 'index.js.map', 'README.md', 'src/index.ts'])('drops %s', (path) => {
    expect(isRuntimePackageFile(path, false)).toBe(false);
  });
});
