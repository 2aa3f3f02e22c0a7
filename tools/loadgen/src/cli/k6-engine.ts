import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { LoadCommandOptions } from './parse-args';
import { UsageError } from './parse-args';

/** Install instructions for k6, printed when it is missing. */
export const k6InstallHint = 'install it from https://grafana.com/docs/k6/latest/set-up/install-k6/ or use --engine builtin';

/** The k6 script that mirrors the built-in open-model scenario. */
export const k6ScenarioPath = join(__dirname, '..', '..', 'k6', 'scenario.ts');

/** Returns the path of an executable named `name` on PATH, or undefined when there is none. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const directory of (env.PATH ?? '').split(delimiter)) {
    if (directory === '') {
      continue;
    }
    const candidate = join(directory, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory; keep looking.
    }
  }
  return undefined;
}

/**
 * Rejects the options that only the built-in engine supports.
 * TODO: stepped rates could map to k6's ramping-arrival-rate executor; until then they need --engine builtin.
 */
export function assertK6Supports(options: LoadCommandOptions): void {
  const unsupported = [
    options.rates.length > 1 ? '--rates' : undefined,
    options.connections !== undefined ? '--connections' : undefined,
    options.hgrmFile !== undefined ? '--hgrm' : undefined,
    options.workers !== undefined ? '--workers' : undefined,
  ].filter((flag) => flag !== undefined);
  if (unsupported.length > 0) {
    throw new UsageError(`${unsupported.join(', ')} cannot be used with --engine k6, only with --engine builtin`);
  }
}

/**
 * Runs k6/scenario.ts with k6 (which runs TypeScript directly since v0.57),
 * passing the options as environment variables; resolves to k6's exit code.
 */
export function runK6(k6Path: string, options: LoadCommandOptions): Promise<number> {
  const env: Record<string, string> = {
    URL: options.url,
    RATE: String(options.rates[0] ?? 100),
    DURATION: `${options.durationMs}ms`,
    TIMEOUT: `${options.timeoutMs}ms`,
    SAMPLE_RATIO: String(options.sampleRatio),
  };
  if (options.tracestate !== undefined) {
    env.TRACESTATE = options.tracestate;
  }
  const args = ['run', ...Object.entries(env).flatMap(([name, value]) => ['--env', `${name}=${value}`])];
  if (options.jsonFile !== undefined && options.jsonFile !== '-') {
    args.push('--summary-export', options.jsonFile);
  }
  args.push(k6ScenarioPath);

  return new Promise((resolve, reject) => {
    const child = spawn(k6Path, args, { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve(code ?? (signal === null ? 1 : 128));
    });
  });
}
