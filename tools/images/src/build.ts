// Builds triad's images through the Docker Engine API and records what was
// built in dist/images/<name>.json for the benchmark report.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Docker from 'dockerode';

import { stageBuildContext } from './build-context';
import { ensureDebianBase } from './debian-base';
import { imageDefinitions, type ImageDefinition, type ImageName } from './definitions';
import { buildTimeoutMs, connectEngine, engineCallTimeoutMs, followProgress, imageExists, withTimeout } from './engine';
import { ImagesError } from './errors';
import { inputsHash, inputsLabel, reusableImage } from './inputs-hash';
import { readProvenance, type Provenance } from './provenance';
import { registryAnswers, registryHost, registryProbeTimeoutMs } from './registry';

/** Label that every image and container made by triad's image tooling carries. */
export const triadImageLabel = 'dev.triad.image';

/** Options of `buildImages`. */
export interface BuildOptions {
  readonly repoRoot: string;
  readonly images: readonly ImageName[];
  /** Builds on triad's Debian base without asking any registry. */
  readonly offline: boolean;
  /** Receives progress lines; build output only when `verbose` is set. */
  readonly log: (line: string) => void;
  readonly verbose?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** The record of one built image, written to dist/images/<name>.json. */
export interface ImageReport {
  readonly image: ImageName;
  /** The versioned tag, e.g. `triad/go-api:0.1.0`. */
  readonly tag: string;
  readonly tags: readonly string[];
  readonly id: string;
  /** Uncompressed size of the image with all its layers, as the engine reports it. */
  readonly sizeBytes: number;
  readonly base: string;
  readonly offline: boolean;
  readonly version: string;
  readonly revision: string;
  readonly buildSeconds: number;
  /** True when the engine had an image of the same inputs, which was tagged instead of built. */
  readonly reused: boolean;
}

/**
 * Builds the images in order, tags each `<version>` and `latest`, and writes
 * its report. Offline, or when a registry of the public bases does not
 * respond, every image is built on triad's Debian base, which is made first
 * when the engine lacks it.
 */
export async function buildImages(options: BuildOptions): Promise<ImageReport[]> {
  const env = options.env ?? process.env;
  const docker = await connectEngine();
  const provenance = await readProvenance(options.repoRoot);
  const definitions = options.images.map((name) => imageDefinitions[name]);
  const offline = options.offline || env.TRIAD_IMAGES_OFFLINE === '1' || !(await publicBasesAvailable(docker, definitions, options.log));
  const debianBase = offline ? await ensureDebianBase(docker, options.repoRoot, options.log) : undefined;

  const reports: ImageReport[] = [];
  for (const definition of definitions) {
    const base = debianBase ?? definition.registryBase;
    reports.push(await buildImage(docker, definition, { ...options, env, base, offline, provenance }));
  }
  return reports;
}

// True when every public base is in the engine already, or each registry
// that would serve a missing one responds within the probe's timeout.
async function publicBasesAvailable(
  docker: Docker,
  definitions: readonly ImageDefinition[],
  log: (line: string) => void,
): Promise<boolean> {
  const missing: string[] = [];
  for (const base of new Set(definitions.map((definition) => definition.registryBase))) {
    if (!(await imageExists(docker, base))) missing.push(base);
  }
  for (const host of new Set(missing.map(registryHost))) {
    if (!(await registryAnswers(host))) {
      log(`Registry ${host} did not respond within ${registryProbeTimeoutMs} ms: building on triad's Debian base`);
      return false;
    }
  }
  return true;
}

interface ImageBuild extends BuildOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly base: string;
  readonly offline: boolean;
  readonly provenance: Provenance;
}

async function buildImage(docker: Docker, definition: ImageDefinition, build: ImageBuild): Promise<ImageReport> {
  const started = performance.now();
  const { version, revision, source } = build.provenance;
  const tags = [`${definition.repository}:${version}`, `${definition.repository}:latest`];
  build.log(`Building ${tags[0]} on ${build.base}`);

  const previousId = await imageId(docker, tags[0] ?? '');
  const contextDir = await mkdtemp(join(tmpdir(), `triad-image-${definition.name}-`));
  let reused: string | undefined;
  try {
    const entries = await stageBuildContext(contextDir, definition, build);
    const stableLabels: Record<string, string> = {
      [triadImageLabel]: definition.name,
      'org.opencontainers.image.title': definition.title,
      'org.opencontainers.image.version': version,
      'org.opencontainers.image.base.name': build.base,
      ...(source === undefined ? {} : { 'org.opencontainers.image.source': source }),
    };
    const inputs = await inputsHash(contextDir, (await imageId(docker, build.base)) ?? build.base, stableLabels);
    reused = await imageWithInputs(docker, inputs, definition.repository);
    if (reused !== undefined) {
      build.log(`${tags[0]}: the engine has an image of the same inputs (${reused.slice(0, 19)}), tagged instead of rebuilt`);
      await withTimeout(docker.getImage(reused).tag({ repo: definition.repository, tag: version }), engineCallTimeoutMs, `tag ${tags[0] ?? ''}`);
    } else {
      // Labels given to the build API land on every stage's image with
      // buildah, so a stage image would look like a finished one. A LABEL
      // at the end of the Containerfile marks only the last stage.
      await labelLastStage(join(contextDir, 'Containerfile'), inputs);
      await buildContext(docker, contextDir, entries, tags[0] ?? '', { ...stableLabels, 'org.opencontainers.image.revision': revision }, build);
    }
  } finally {
    await rm(contextDir, { recursive: true, force: true });
  }

  const image = docker.getImage(tags[0] ?? '');
  await withTimeout(image.tag({ repo: definition.repository, tag: 'latest' }), engineCallTimeoutMs, `tag ${tags[1] ?? ''}`);
  const inspected = await withTimeout(image.inspect(), engineCallTimeoutMs, `inspect ${tags[0] ?? ''}`);
  const report: ImageReport = {
    image: definition.name,
    tag: tags[0] ?? '',
    tags,
    id: inspected.Id,
    sizeBytes: inspected.Size,
    base: build.base,
    offline: build.offline,
    version,
    revision: inspected.Config.Labels['org.opencontainers.image.revision'] ?? revision,
    buildSeconds: Math.round((performance.now() - started) / 100) / 10,
    reused: reused !== undefined,
  };
  if (previousId !== undefined && previousId !== report.id) await removeReplacedImage(docker, previousId, build.log);
  await writeReport(build.repoRoot, report);
  build.log(`${report.reused ? 'Reused' : 'Built'} ${report.tag} (${formatSize(report.sizeBytes)}, ${report.buildSeconds} s)`);
  return report;
}

// Ends the staged Containerfile with the inputs label. The staged file is a
// hard link to the repository's, so it is replaced, not appended to.
async function labelLastStage(containerfile: string, inputs: string): Promise<void> {
  const text = await readFile(containerfile, 'utf8');
  await rm(containerfile);
  await writeFile(containerfile, `${text}\nLABEL ${inputsLabel}="${inputs}"\n`);
}

// Builds the staged context into an image tagged `tag`.
async function buildContext(
  docker: Docker,
  contextDir: string,
  entries: string[],
  tag: string,
  labels: Record<string, string>,
  build: ImageBuild,
): Promise<void> {
  const tail: string[] = [];
  const stream = await withTimeout(
    docker.buildImage(
      { context: contextDir, src: entries },
      { t: tag, dockerfile: 'Containerfile', buildargs: { BASE: build.base }, labels, rm: true, forcerm: true },
    ),
    buildTimeoutMs,
    `build of ${tag}`,
  );
  await withTimeout(
    followProgress(docker, stream, (line) => {
      if (build.verbose) build.log(`  ${line}`);
      tail.push(line);
      if (tail.length > 20) tail.shift();
    }),
    buildTimeoutMs,
    `build of ${tag}`,
  ).catch((error: unknown) => {
    throw new ImagesError(`build of ${tag} failed`, tail, { cause: error });
  });
}

// Returns the id of the newest image of `repository` built from the same
// inputs, if the engine has one.
async function imageWithInputs(docker: Docker, inputs: string, repository: string): Promise<string | undefined> {
  const images = await withTimeout(
    docker.listImages({ filters: { label: [`${inputsLabel}=${inputs}`] } }),
    engineCallTimeoutMs,
    'list images',
  );
  return reusableImage(images, repository);
}

async function imageId(docker: Docker, reference: string): Promise<string | undefined> {
  if (!(await imageExists(docker, reference))) return undefined;
  return (await withTimeout(docker.getImage(reference).inspect(), engineCallTimeoutMs, `inspect ${reference}`)).Id;
}

// Removes the image that a rebuild took the tags from, so that rebuilds do
// not pile up untagged images. One that a container still uses stays.
async function removeReplacedImage(docker: Docker, id: string, log: (line: string) => void): Promise<void> {
  try {
    await withTimeout(docker.getImage(id).remove(), engineCallTimeoutMs, `remove ${id}`);
  } catch (error) {
    log(`Kept the replaced image ${id.slice(0, 19)}: ${(error as Error).message}`);
  }
}

async function writeReport(repoRoot: string, report: ImageReport): Promise<void> {
  const dir = join(repoRoot, 'dist', 'images');
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, `${report.image}.json`), `${JSON.stringify(report, null, 2)}\n`);
}

/** Formats a size in bytes in decimal megabytes, as `docker images` and `podman images` do. */
export function formatSize(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}
