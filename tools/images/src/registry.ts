// Decides whether the public base images can be had, or whether triad's own
// Debian base replaces them.

/** Time a registry has to respond to the probe before the build goes offline. */
export const registryProbeTimeoutMs = 2500;

/**
 * Returns the registry host of an image reference, following the Docker
 * reference grammar. The first path component is a host when it contains a
 * `.` or `:` or is `localhost`, and otherwise the image is on Docker Hub.
 */
export function registryHost(reference: string): string {
  const [first, ...rest] = reference.split('/');
  if (first !== undefined && rest.length > 0 && (first.includes('.') || first.includes(':') || first === 'localhost')) {
    return first;
  }
  return 'registry-1.docker.io';
}

/**
 * Reports whether the registry responds to the Distribution API's version check
 * (`GET /v2/`, sent as HEAD) within the timeout. Any HTTP status counts,
 * because an anonymous client gets 401 from most registries.
 */
export async function registryAnswers(host: string, timeoutMs: number = registryProbeTimeoutMs): Promise<boolean> {
  try {
    await fetch(`https://${host}/v2/`, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    return true;
  } catch {
    return false;
  }
}
