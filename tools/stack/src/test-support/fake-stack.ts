import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PartDefinition, StackDefinition } from '../stack-definition';

const fakeService = join(__dirname, 'fake-service.cjs');

/** A fake part: its name, dependencies and how it behaves (see fake-service.cjs). */
export interface FakePart {
  name: string;
  dependsOn?: string[];
  behaviour?: 'ready' | 'never-ready' | 'crash' | 'ignore-sigterm';
  readyDelayMs?: number;
  port?: number;
}

/** Returns a port that was free a moment ago, picked by the kernel. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve();
    });
  });
  if (address === null || typeof address === 'string') throw new Error('no port assigned');
  return address.port;
}

/** Builds a stack definition whose parts are fake-service.cjs processes on free ports. */
export async function fakeStack(parts: FakePart[]): Promise<StackDefinition> {
  const definitions: PartDefinition[] = [];
  for (const part of parts) {
    const port = part.port ?? (await freePort());
    definitions.push({
      name: part.name,
      dependsOn: part.dependsOn ?? [],
      ports: [{ purpose: 'HTTP', port }],
      mainPort: port,
      url: `http://127.0.0.1:${port}`,
      readinessUrl: `http://127.0.0.1:${port}/readyz`,
      launch: () => ({
        command: process.execPath,
        args: [fakeService],
        env: {
          HOST: '127.0.0.1',
          PORT: String(port),
          FAKE_BEHAVIOUR: part.behaviour ?? 'ready',
          FAKE_READY_DELAY_MS: String(part.readyDelayMs ?? 0),
        },
        cwd: __dirname,
      }),
    });
  }
  return { parts: definitions };
}

/** Creates a throwaway repository root (with an nx.json) for state and run directories. */
export async function temporaryRoot(): Promise<{ root: string; remove: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'triad-stack-'));
  await writeFile(join(root, 'nx.json'), '{}\n');
  return { root, remove: () => rm(root, { recursive: true, force: true }) };
}
