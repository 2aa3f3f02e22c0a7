// triad's own Debian base image, for machines that reach Debian's package
// mirror but no container registry: mmdebstrap unpacks the listed packages,
// a script finishes the root file system, and the engine imports it as a
// one-layer image.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

import { debianBaseFiles } from './definitions';
import { buildTimeoutMs, followProgress, imageExists, withTimeout } from './engine';
import { ImagesError } from './errors';

/** Repository of the offline base; the tag is `<suite>-<hash of its recipe>`. */
export const debianBaseRepository = 'triad/base-debian';

/** Debian release of the base; the public bases triad replaces are bookworm too. */
export const debianSuite = 'bookworm';

/** Reads the package list, skipping comments and blank lines. */
export function parsePackageList(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line !== '');
}

/**
 * Returns the tag of the base built from these inputs, so that a change to
 * the package list or the finishing script builds a new base and an
 * unchanged recipe reuses the one the engine has.
 */
export function debianBaseTag(packages: readonly string[], finishScript: string): string {
  const hash = createHash('sha256')
    .update(`${debianSuite}\n${[...packages].sort().join('\n')}\n`)
    .update(finishScript)
    .digest('hex')
    .slice(0, 12);
  return `${debianBaseRepository}:${debianSuite}-${hash}`;
}

/**
 * Returns the reference of the Debian base, building and importing it first
 * when the engine does not have it.
 */
export async function ensureDebianBase(docker: Docker, repoRoot: string, log: (line: string) => void): Promise<string> {
  const packages = parsePackageList(await readFile(join(repoRoot, debianBaseFiles.packages), 'utf8'));
  const finishScriptPath = join(repoRoot, debianBaseFiles.finishScript);
  const reference = debianBaseTag(packages, await readFile(finishScriptPath, 'utf8'));
  if (await imageExists(docker, reference)) {
    log(`Reusing ${reference}`);
    return reference;
  }

  log(`Building ${reference} with mmdebstrap (${packages.join(', ')})`);
  const workDir = await mkdtemp(join(tmpdir(), 'triad-base-'));
  try {
    const rootDir = join(workDir, 'rootfs');
    await run('mmdebstrap', [
      '--quiet',
      '--variant=extract',
      `--include=${packages.join(',')}`,
      '--dpkgopt=path-exclude=/usr/share/doc/*',
      '--dpkgopt=path-exclude=/usr/share/man/*',
      '--dpkgopt=path-exclude=/usr/share/locale/*',
      debianSuite,
      rootDir,
    ]);
    await run('sh', [finishScriptPath, rootDir]);
    await importRootFs(docker, rootDir, reference, log);
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
  return reference;
}

// Streams the directory as a tar archive into the engine's image import.
async function importRootFs(docker: Docker, rootDir: string, reference: string, log: (line: string) => void): Promise<void> {
  const tar = spawn('tar', ['--numeric-owner', '-C', rootDir, '-cf', '-', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const tarExit = exitOf(tar, 'tar');
  // The API's `repo` may carry the tag; podman 4.3 ignores a separate `tag`.
  const stream = await withTimeout(
    docker.importImage(tar.stdout, { repo: reference, changes: ['ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'] }),
    buildTimeoutMs,
    `import of ${reference}`,
  );
  await withTimeout(followProgress(docker, stream, log), buildTimeoutMs, `import of ${reference}`);
  await tarExit;
  if (!(await imageExists(docker, reference))) {
    throw new ImagesError(`the engine imported the base but did not tag it ${reference}`);
  }
}

async function run(command: string, args: readonly string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  await exitOf(child, command);
}

function exitOf(child: ReturnType<typeof spawn>, command: string): Promise<void> {
  return new Promise((resolve, reject) => {
    child.once('error', (error: NodeJS.ErrnoException) => {
      const hint =
        error.code === 'ENOENT' && command === 'mmdebstrap'
          ? ['Install it (Debian: apt-get install mmdebstrap) or build where a registry responds.']
          : [];
      reject(new ImagesError(`${command} could not be started: ${error.message}`, hint, { cause: error }));
    });
    child.once('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new ImagesError(`${command} failed with ${signal ?? `exit code ${String(code)}`}`));
    });
  });
}
