import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { StackError } from './errors';

/** A third-party binary that the local runtime starts, with how to get it. */
export interface BinarySpec {
  /** The executable's name on PATH. */
  name: string;
  /** The environment variable that names its path instead. */
  variable: string;
  /** Lines telling the user how to obtain it. */
  howToGet: readonly string[];
}

/** Jaeger v2, from an official release. */
export const jaegerBinary: BinarySpec = {
  name: 'jaeger',
  variable: 'JAEGER_BIN',
  howToGet: [
    'Download a Jaeger v2 release from https://github.com/jaegertracing/jaeger/releases',
    '(archive jaeger-2.<version>-linux-amd64.tar.gz, or -darwin-arm64 and so on; the binary inside is `jaeger`),',
    'then put it on PATH or set JAEGER_BIN to its path.',
  ],
};

/** The OpenTelemetry Collector, built from observability/builder-config.yaml or an official release. */
export const otelcolBinary: BinarySpec = {
  name: 'otelcol',
  variable: 'OTELCOL_BIN',
  howToGet: [
    'Build it with the OpenTelemetry Collector Builder: `ocb --config observability/builder-config.yaml`',
    '(ocb comes from the cmd/builder releases of https://github.com/open-telemetry/opentelemetry-collector-releases),',
    'or download otelcol-contrib_<version>_linux_amd64.tar.gz from the same releases page,',
    'then put it on PATH as `otelcol` or set OTELCOL_BIN to its path.',
  ],
};

/**
 * Returns the path of a binary: the one its variable names, else the first
 * executable of that name on PATH. Throws a {@link StackError} that explains
 * how to get it when there is none.
 */
export function findBinary(spec: BinarySpec, env: NodeJS.ProcessEnv): string {
  const configured = env[spec.variable];
  if (configured) {
    if (isExecutableFile(configured)) return configured;
    throw new StackError(`${spec.variable} is set to ${configured}, which is not an executable file`, spec.howToGet);
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, spec.name);
    if (isExecutableFile(candidate)) return candidate;
  }
  throw new StackError(`${spec.name} was not found on PATH and ${spec.variable} is not set`, spec.howToGet);
}

/** Reports whether a path is a regular file that this process may execute. */
export function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
