// `triad images build [image...] [--offline]`, for tools/cli to register and
// for the Nx `image` targets to run.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';

import { buildImages, formatSize } from './build';
import { imageNames, isImageName, serviceImageNames, type ImageName } from './definitions';

/** The streams and environment of the command; tests pass their own. */
export interface ImagesCommandIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

/** Help of `triad images`, one line per element. */
export const imagesHelp: readonly string[] = [
  'Usage: triad images build [image...] [--offline] [--verbose]',
  '',
  'Builds OCI images through the Docker Engine API (Docker, or podman\'s API service), from the',
  'build outputs of the services, and tags each triad/<image>:<version> and triad/<image>:latest.',
  `Images: ${imageNames.join(', ')}; "all" for every one. Default: ${serviceImageNames.join(', ')}.`,
  'Each build writes dist/images/<image>.json (id, tags, size, base).',
  '',
  'Options:',
  '  --offline   Build on triad\'s own Debian base (made with mmdebstrap) without asking any',
  '              registry. Also chosen when a registry of the public bases does not respond',
  '              within 2.5 s, or when TRIAD_IMAGES_OFFLINE=1.',
  '  --verbose   Print the build output and stack traces of errors.',
  '  -h, --help  Show this help.',
];

/**
 * Runs `triad images` with the arguments after `images` and returns the exit
 * code: 0 when every image was built, 1 when a build failed, 2 for a usage error.
 */
export async function runImagesCommand(argv: readonly string[], io: ImagesCommandIo = processIo()): Promise<number> {
  const print = (stream: NodeJS.WritableStream, line: string): void => {
    stream.write(`${line}\n`);
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { offline: { type: 'boolean' }, verbose: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    print(io.stderr, `triad images: ${(error as Error).message}`);
    return 2;
  }
  const [subcommand, ...names] = parsed.positionals;
  if (parsed.values.help || subcommand === undefined) {
    for (const line of imagesHelp) print(io.stdout, line);
    return parsed.values.help ? 0 : 2;
  }
  if (subcommand !== 'build') {
    print(io.stderr, `triad images: unknown command "${subcommand}"; run \`triad images --help\``);
    return 2;
  }
  const images = selectImages(names);
  if (typeof images === 'string') {
    print(io.stderr, `triad images: ${images}`);
    return 2;
  }

  const verbose = parsed.values.verbose === true;
  try {
    const reports = await buildImages({
      repoRoot: findRepoRoot(io.cwd),
      images,
      offline: parsed.values.offline === true,
      verbose,
      env: io.env,
      log: (line) => {
        print(io.stdout, line);
      },
    });
    for (const report of reports) print(io.stdout, `${report.tag.padEnd(28)} ${formatSize(report.sizeBytes).padStart(9)}  ${report.id.slice(0, 19)}`);
    return 0;
  } catch (error) {
    printError(io.stderr, error, verbose);
    return 1;
  }
}

// Returns the images to build, or a usage error message.
function selectImages(names: readonly string[]): ImageName[] | string {
  if (names.length === 0) return [...serviceImageNames];
  if (names.includes('all')) return [...imageNames];
  const unknown = names.filter((name) => !isImageName(name));
  if (unknown.length > 0) return `unknown image ${unknown.join(', ')}; expected one of ${imageNames.join(', ')} or all`;
  return [...new Set(names as ImageName[])];
}

function printError(stderr: NodeJS.WritableStream, error: unknown, verbose: boolean): void {
  const lines = [`Error: ${(error as Error).message}`];
  const details = (error as { details?: unknown }).details;
  if (Array.isArray(details)) lines.push(...details.map((line) => `  ${String(line)}`));
  for (let cause = (error as Error).cause, depth = 0; cause !== undefined && depth < 5; cause = (cause as Error).cause, depth++) {
    lines.push(`Caused by: ${(cause as Error).message}`);
  }
  if (verbose && error instanceof Error && error.stack !== undefined) lines.push('', error.stack);
  stderr.write(`${lines.join('\n')}\n`);
}

// The nearest directory at or above `start` with nx.json.
function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function processIo(): ImagesCommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}
