// The production dependencies of a workspace package, found in the
// workspace's node_modules the way Node resolves them, so that an image gets
// exactly the installed packages it can load and none of the dev tooling.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';

import { ImagesError } from './errors';

interface PackageManifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

/**
 * Returns the directories of every package that `packageDir` needs at run
 * time, relative to `repoRoot` (e.g. `node_modules/fastify`,
 * `node_modules/a/node_modules/b`), sorted. Follows `dependencies`,
 * installed `optionalDependencies` and `peerDependencies`, transitively.
 * Throws when a required dependency is not installed.
 */
export function productionDependencies(repoRoot: string, packageDir: string): string[] {
  const found = new Set<string>();
  const pending: string[] = [packageDir];

  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    for (const { name, optional } of dependenciesOf(current)) {
      const location = locatePackage(repoRoot, current, name);
      if (location === undefined) {
        if (optional) continue;
        throw new ImagesError(`${name}, a dependency of ${relative(repoRoot, current) || '.'}, is not installed`, [
          'Run `npm ci` at the repository root.',
        ]);
      }
      const key = relative(repoRoot, location);
      if (found.has(key)) continue;
      found.add(key);
      pending.push(location);
    }
  }
  return [...found].sort();
}

function dependenciesOf(packageDir: string): { name: string; optional: boolean }[] {
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as PackageManifest;
  const peerMeta = manifest.peerDependenciesMeta ?? {};
  return [
    ...Object.keys(manifest.dependencies ?? {}).map((name) => ({ name, optional: false })),
    ...Object.keys(manifest.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
    // npm 7 and later install peers, except those marked optional.
    ...Object.keys(manifest.peerDependencies ?? {}).map((name) => ({ name, optional: peerMeta[name]?.optional === true })),
  ];
}

// Node's lookup: node_modules/<name> in the package's directory, then in each
// parent directory, up to the repository root.
function locatePackage(repoRoot: string, fromDir: string, name: string): string | undefined {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', ...name.split('/'));
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === repoRoot || dirname(dir) === dir || !isInside(repoRoot, dir)) return undefined;
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep));
}
