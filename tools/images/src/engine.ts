// The container engine, reached through the Docker Engine API that both Docker
// and podman (`podman system service`) serve.
import Docker from 'dockerode';

import { ImagesError } from './errors';

/** Time allowed for a quick engine call (ping, inspect, tag). */
export const engineCallTimeoutMs = 10_000;

/** Time allowed for one image build or import. */
export const buildTimeoutMs = 15 * 60_000;

/**
 * Returns a client for the engine that DOCKER_HOST names, or the default
 * socket (/var/run/docker.sock) when it is unset, after checking that the
 * engine responds.
 */
export async function connectEngine(): Promise<Docker> {
  const docker = new Docker();
  try {
    await withTimeout(docker.ping(), 3000, 'ping');
  } catch (error) {
    throw new ImagesError(
      `no container engine responds on ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}`,
      ['Start Docker, or `podman system service --time=0 unix:///run/podman/podman.sock` with', 'DOCKER_HOST=unix:///run/podman/podman.sock.'],
      { cause: error },
    );
  }
  return docker;
}

/** Resolves like `promise`, or rejects once `timeoutMs` has passed. */
export async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, operation: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new ImagesError(`${operation} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** One JSON message of a build or import stream. */
interface ProgressEvent {
  stream?: string;
  status?: string;
  error?: string;
  errorDetail?: { message?: string };
  aux?: { ID?: string };
}

/**
 * Reads a build or import stream to its end. Calls `onLine` with each output
 * line and rejects with the engine's message when the stream reports an
 * error, which the engine does with status 200 once the build has started.
 */
export async function followProgress(
  docker: Docker,
  stream: NodeJS.ReadableStream,
  onLine: (line: string) => void,
): Promise<ProgressEvent[]> {
  const events = await new Promise<ProgressEvent[]>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null, output: ProgressEvent[]) => {
        if (error) reject(error);
        else resolve(output);
      },
      (event: ProgressEvent) => {
        const text = event.stream ?? event.status;
        for (const line of text?.split('\n') ?? []) {
          if (line.trim() !== '') onLine(line.trimEnd());
        }
      },
    );
  });
  const failed = events.find((event) => event.error !== undefined || event.errorDetail !== undefined);
  if (failed) {
    throw new ImagesError(failed.errorDetail?.message ?? failed.error ?? 'the engine reported an error');
  }
  return events;
}

/** Reports whether the engine has an image of that name or id. */
export async function imageExists(docker: Docker, reference: string): Promise<boolean> {
  try {
    await withTimeout(docker.getImage(reference).inspect(), engineCallTimeoutMs, `inspect ${reference}`);
    return true;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false;
    throw error;
  }
}
