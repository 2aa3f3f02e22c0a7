// Contents of each image's build context, by the kind of artifact.
import { existsSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { delimiter, join } from 'node:path';

import { isCompiledJavaScript, stageContext, type ContextEntry } from './context';
import type { ImageDefinition } from './definitions';
import { ImagesError } from './errors';

/** The inputs of a context that do not come from the image's definition. */
export interface ContextInputs {
  readonly repoRoot: string;
  readonly env: NodeJS.ProcessEnv;
  /** True when the base is triad's Debian base, which has no Node.js. */
  readonly offline: boolean;
}

/**
 * Stages the Containerfile and the artifacts of an image in `contextDir` and
 * returns the top-level names of the context.
 */
export async function stageBuildContext(contextDir: string, definition: ImageDefinition, inputs: ContextInputs): Promise<string[]> {
  const containerfile = { source: join(inputs.repoRoot, definition.containerfile), target: 'Containerfile' };
  const artifacts = artifactEntries(definition, inputs);
  await stageContext(contextDir, [containerfile, ...artifacts]);
  if (definition.contextKind === 'node') {
    // Copied by the Containerfile even when empty, because a COPY without a
    // match fails.
    await mkdir(join(contextDir, 'runtime'), { recursive: true });
  }
  const names = new Set([containerfile, ...artifacts].map((entry) => entry.target.split('/')[0] ?? entry.target));
  if (definition.contextKind === 'node') names.add('runtime');
  return [...names];
}

function artifactEntries(definition: ImageDefinition, inputs: ContextInputs): ContextEntry[] {
  switch (definition.contextKind) {
    case 'static-binary':
      return staticBinaryEntries(definition, inputs);
    case 'dotnet':
      return [
        {
          source: requireArtifact(definition, inputs.repoRoot),
          target: 'app',
          // The publish output also contains the project's own project.json
          // and the XML documentation, which nothing reads at run time.
          include: (path) => path !== 'project.json' && !/^[^/]+\.xml$/.test(path),
        },
      ];
    case 'node':
      return nodeEntries(definition, inputs);
  }
}

function staticBinaryEntries(definition: ImageDefinition, inputs: ContextInputs): ContextEntry[] {
  if (definition.binary === undefined) {
    return [{ source: requireArtifact(definition, inputs.repoRoot), target: definition.name }];
  }
  const entries: ContextEntry[] = [{ source: findBinary(definition.binary, inputs.env), target: definition.binary.name }];
  if (definition.config !== undefined) {
    const config = join(inputs.repoRoot, definition.config);
    if (!existsSync(config)) {
      throw new ImagesError(`${definition.config}, the configuration of the ${definition.name} image, is missing`);
    }
    entries.push({ source: config, target: `${definition.binary.name}.yaml` });
  }
  return entries;
}

// ts-api's `bundle` target has put the compiled service and its production
// dependencies into one file, so the image needs no node_modules.
function nodeEntries(definition: ImageDefinition, inputs: ContextInputs): ContextEntry[] {
  const bundleDir = requireArtifact(definition, inputs.repoRoot);
  if (!existsSync(join(bundleDir, 'main.js'))) throw missingArtifact(definition, `${definition.artifact ?? ''}/main.js`);

  const entries: ContextEntry[] = [{ source: bundleDir, target: 'app', include: isCompiledJavaScript }];
  if (inputs.offline) entries.push({ source: nodeBinary(inputs.env), target: 'runtime/node' });
  return entries;
}

// The node binary copied into the offline image: this process's own, so the
// image runs the Node.js version that built it, unless TRIAD_NODE_BINARY
// names another Linux binary.
function nodeBinary(env: NodeJS.ProcessEnv): string {
  const configured = env.TRIAD_NODE_BINARY;
  if (configured !== undefined && configured !== '') return configured;
  if (process.platform !== 'linux') {
    throw new ImagesError(`the offline ts-api image needs a Linux node binary, and this is ${process.platform}`, [
      'Set TRIAD_NODE_BINARY to the node binary of a Linux build of Node.js 24, or build where a registry responds.',
    ]);
  }
  return process.execPath;
}

function findBinary(binary: { name: string; env: string }, env: NodeJS.ProcessEnv): string {
  const configured = env[binary.env];
  if (configured !== undefined && configured !== '') {
    if (!isFile(configured)) throw new ImagesError(`${binary.env}=${configured} is not a file`);
    return configured;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, binary.name);
    if (dir !== '' && isFile(candidate)) return candidate;
  }
  throw new ImagesError(`${binary.name} was not found on PATH`, [`Install it or set ${binary.env} to the path of a static Linux binary.`]);
}

function requireArtifact(definition: ImageDefinition, repoRoot: string): string {
  const artifact = definition.artifact ?? '';
  const path = join(repoRoot, artifact);
  if (!existsSync(path)) throw missingArtifact(definition, artifact);
  return path;
}

function missingArtifact(definition: ImageDefinition, path: string): ImagesError {
  const project = definition.project?.name ?? definition.name;
  const target = definition.project?.target ?? 'build';
  return new ImagesError(`${path}, the build output the ${definition.name} image is made from, is missing`, [
    `Run \`npx nx run ${project}:${target}\` first, or \`npx nx run ${project}:image\`, which builds it.`,
  ]);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
