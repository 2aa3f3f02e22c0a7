// The hash of everything an image is built from, kept as a label so that a
// build whose inputs have not changed reuses the image the engine has.
import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';

/** Label that carries the hash of an image's build inputs. */
export const inputsLabel = 'dev.triad.inputs';

// Raised when the way an image is put together changes while its inputs do
// not, so that images made the old way are not reused. 2: the label moved
// from the build API, which also marks stage images, into the Containerfile.
const recipeVersion = 2;

/**
 * Returns a SHA-256 over the build context (each file's path, mode and
 * content, in sorted order), the base image's id and the labels. The labels
 * passed in leave out the revision, so that a new commit with the same
 * inputs keeps its image.
 */
export async function inputsHash(contextDir: string, baseId: string, labels: Readonly<Record<string, string>>): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`recipe ${recipeVersion}\nbase ${baseId}\n`);
  for (const key of Object.keys(labels).sort()) hash.update(`label ${key}=${labels[key] ?? ''}\n`);
  for (const path of await listFiles(contextDir)) {
    const info = await stat(path);
    hash.update(`file ${relative(contextDir, path)} ${(info.mode & 0o777).toString(8)} ${info.size}\n`);
    hash.update(await readFile(path));
  }
  return hash.digest('hex');
}

/** The fields of an engine's image listing that `reusableImage` reads. */
export interface ListedImage {
  readonly Id: string;
  readonly Created: number;
  readonly RepoTags?: readonly string[] | null;
}

/**
 * Picks, from images listed by their inputs label, the newest one that
 * carries a tag of `repository`. Only the last stage of a build gets the
 * label now. An engine may still hold untagged stage images that older
 * builds labelled, such as go-api's certificate stage: the bare base, with no
 * entrypoint.
 */
export function reusableImage(images: readonly ListedImage[], repository: string): string | undefined {
  return images
    .filter((image) => (image.RepoTags ?? []).some((tag) => tagRepository(tag) === repository))
    .sort((a, b) => b.Created - a.Created)[0]?.Id;
}

// `docker.io/triad/go-api:0.1.0` and `triad/go-api:0.1.0` both name
// `triad/go-api`: podman adds the registry that the Docker API leaves out.
function tagRepository(tag: string): string {
  const colon = tag.lastIndexOf(':');
  const name = colon > tag.lastIndexOf('/') ? tag.slice(0, colon) : tag;
  const slash = name.indexOf('/');
  const first = name.slice(0, Math.max(slash, 0));
  const isRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
  return isRegistry ? name.slice(slash + 1) : name;
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
