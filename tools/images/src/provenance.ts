// Provenance of an image (version, commit, source) for its OCI labels.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Version, commit and source of the workspace. */
export interface Provenance {
  /** The `version` of the workspace's package.json. */
  readonly version: string;
  /** The commit checked out, or `unknown` outside a Git work tree. */
  readonly revision: string;
  /** The `repository` of package.json, else Git's `origin` URL; undefined when neither is set. */
  readonly source: string | undefined;
}

interface RootManifest {
  version?: string;
  repository?: string | { url?: string };
}

/** Reads the provenance of the workspace at `repoRoot`. */
export async function readProvenance(repoRoot: string): Promise<Provenance> {
  const manifest = JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as RootManifest;
  const repository = typeof manifest.repository === 'string' ? manifest.repository : manifest.repository?.url;
  return {
    version: manifest.version ?? '0.0.0',
    revision: (await git(repoRoot, ['rev-parse', 'HEAD'])) ?? 'unknown',
    source: repository ?? (await git(repoRoot, ['config', '--get', 'remote.origin.url'])),
  };
}

async function git(cwd: string, args: readonly string[]): Promise<string | undefined> {
  try {
    const { stdout } = await execFileAsync('git', args, { cwd, timeout: 5000 });
    const value = stdout.trim();
    return value === '' ? undefined : value;
  } catch {
    return undefined;
  }
}
