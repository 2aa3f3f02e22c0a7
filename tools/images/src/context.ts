// Build contexts: a temporary directory that contains exactly the files an
// image's Containerfile copies, hard-linked from the repository where the
// file system allows it, so that staging a large build output is cheap.
import { copyFile, link, mkdir, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A file or directory to put into the build context. */
export interface ContextEntry {
  /** Absolute path of the file or directory to stage. */
  readonly source: string;
  /** Path inside the context. */
  readonly target: string;
  /** Called with each path relative to `source`; returning false leaves the file or directory out. */
  readonly include?: (relativePath: string, isDirectory: boolean) => boolean;
}

/** Stages every entry below `contextDir` and returns the number of files staged. */
export async function stageContext(contextDir: string, entries: readonly ContextEntry[]): Promise<number> {
  let files = 0;
  for (const entry of entries) {
    files += await stageEntry(entry.source, join(contextDir, entry.target), '', entry.include);
  }
  return files;
}

async function stageEntry(
  source: string,
  target: string,
  relativePath: string,
  include: ContextEntry['include'],
): Promise<number> {
  // stat, not lstat: a symbolic link is staged as the file it points to,
  // because the context must not point outside itself.
  const info = await stat(source);
  if (relativePath !== '' && include && !include(relativePath, info.isDirectory())) return 0;
  if (!info.isDirectory()) {
    await stageFile(source, target);
    return 1;
  }

  await mkdir(target, { recursive: true });
  let files = 0;
  for (const name of (await readdir(source)).sort()) {
    files += await stageEntry(join(source, name), join(target, name), join(relativePath, name), include);
  }
  return files;
}

async function stageFile(source: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  try {
    await link(source, target);
  } catch {
    // Another file system, or one without hard links.
    await copyFile(source, target);
  }
}

/** Reports whether a file of ts-api's bundle belongs in the image: the JavaScript only, no source map. */
export function isCompiledJavaScript(relativePath: string, isDirectory: boolean): boolean {
  return isDirectory || relativePath.endsWith('.js');
}
