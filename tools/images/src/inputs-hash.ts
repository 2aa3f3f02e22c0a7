// The hash of everything an image is built from, kept as a label so that a
// build whose inputs have not changed reuses the image the engine has.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Label that carries the hash of an image's build inputs. */
export const inputsLabel = 'dev.triad.inputs';

/**
 * Returns a SHA-256 over the build context (each file's path, mode and
 * content, in sorted order), the base image's id and the labels. The labels
 * passed in leave out the revision, so that a new commit with the same
 * inputs keeps its image.
 */
export async function inputsHash(contextDir: string, baseId: string, labels: Readonly<Record<string, string>>): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`base ${baseId}\n`);
  for (const key of Object.keys(labels).sort()) hash.update(`label ${key}=${labels[key] ?? ''}\n`);
  for (const path of await listFiles(contextDir)) {
    const info = await stat(path);
    hash.update(`file ${relative(contextDir, path)} ${(info.mode & 0o777).toString(8)} ${info.size}\n`);
    hash.update(await readFile(path));
  }
  return hash.digest('hex');
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  // Code-unit order, the same on every machine, unlike localeCompare.
  entries.sort((a, b) => Number(a.name > b.name) - Number(a.name < b.name));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else files.push(path);
  }
  return files;
}
