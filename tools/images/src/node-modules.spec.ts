import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { ImagesError } from './errors';
import { productionDependencies } from './node-modules';

describe('productionDependencies', () => {
  let root: string;

  function writePackage(dir: string, manifest: Record<string, unknown>): void {
    mkdirSync(join(root, dir), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify(manifest));
  }

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'triad-node-modules-'));
    writePackage('services/app', { dependencies: { a: '1', '@scope/b': '1' }, devDependencies: { jest: '1' } });
    writePackage('node_modules/a', { dependencies: { c: '2' } });
    writePackage('node_modules/@scope/b', { dependencies: { c: '1' }, optionalDependencies: { absent: '1' } });
    writePackage('node_modules/c', {});
    writePackage('node_modules/a/node_modules/c', { peerDependencies: { d: '1' }, peerDependenciesMeta: { d: { optional: true } } });
    writePackage('node_modules/jest', {});
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('follows dependencies the way Node resolves them', () => {
    expect(productionDependencies(root, join(root, 'services/app'))).toEqual([
      'node_modules/@scope/b',
      'node_modules/a',
      'node_modules/a/node_modules/c',
      'node_modules/c',
    ]);
  });

  it('leaves out devDependencies', () => {
    expect(productionDependencies(root, join(root, 'services/app'))).not.toContain('node_modules/jest');
  });

  it('throws when a required dependency is missing', () => {
    rmSync(join(root, 'node_modules/a'), { recursive: true });

    expect(() => productionDependencies(root, join(root, 'services/app'))).toThrow(ImagesError);
  });
});
