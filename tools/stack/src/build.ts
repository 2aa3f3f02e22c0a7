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
  const args = ['nx', 'run-many', '-t', 'build', '-p', ...serviceProjects];
  const exit = await new Promise<string>((resolve, reject) => {
    const child = spawn('npx', args, { cwd: root, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      resolve(signal ? `signal ${signal}` : `code ${code ?? 'unknown'}`);
    });
  });
  if (exit !== 'code 0') {
    throw new StackError(`Building the services failed (npx ${args.join(' ')} exited with ${exit})`);
  }
}
