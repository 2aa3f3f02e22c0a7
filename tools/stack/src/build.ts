import { spawn } from 'node:child_process';
import { StackError } from './errors';

/** The Nx projects whose build output `up` starts. */
export const serviceProjects = ['go-api', 'dotnet-api', 'ts-api'] as const;

/**
 * Builds the services with `npx nx run-many -t build`; Nx's cache makes this
 * quick when nothing changed. Nx's own output goes to this process's stdout
 * and stderr.
 */
export async function buildServices(root: string): Promise<void> {
  await runNx(root, ['run-many', '-t', 'build', '-p', ...serviceProjects], 'Building the services');
}

/**
 * Builds the images of the container stack (the three services, the
 * Collector and Jaeger) with `npx nx run-many`; each image target builds its
 * artifact first.
 */
export async function buildImages(root: string): Promise<void> {
  await runNx(root, ['run-many', '-t', 'image', 'image-otelcol', 'image-jaeger'], 'Building the images');
}

async function runNx(root: string, nxArgs: readonly string[], what: string): Promise<void> {
  const args = ['nx', ...nxArgs];
  const exit = await new Promise<string>((resolve, reject) => {
    const child = spawn('npx', args, { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve(signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`);
    });
  });
  if (exit !== 'code 0') {
    throw new StackError(`${what} failed (npx ${args.join(' ')} exited with ${exit})`);
  }
}
