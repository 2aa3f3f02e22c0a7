/**
 * Loopback address that warms a service up and reads its metrics. It is
 * kept apart from the client addresses, so its bucket is not one of theirs.
 */
export const WARM_UP_ADDRESS = '127.0.0.1';

/** Number of addresses that {@link clientAddresses} can return: 127.0.x.y for x in 1-255, y in 1-254. */
export const MAX_CLIENT_ADDRESSES = 255 * 254;

/**
 * Returns `count` distinct client addresses 127.0.x.y, in order, with x from
 * 1 to 255 and y from 1 to 254. Linux routes all of 127.0.0.0/8 to the
 * loopback interface, so a client socket can bind any of them and the
 * service gets a different peer address from each. 127.0.0.0/24, which
 * contains the warm-up address, is skipped, and so are the .0 and .255 host
 * parts.
 */
export function clientAddresses(count: number): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_CLIENT_ADDRESSES) {
    throw new RangeError(`invalid address count ${count}: use 0 to ${MAX_CLIENT_ADDRESSES}`);
  }

  const addresses: string[] = [];
  for (let index = 0; index < count; index++) {
    const third = Math.floor(index / 254) + 1;
    const fourth = (index % 254) + 1;
    addresses.push(`127.0.${third}.${fourth}`);
  }
  return addresses;
}

/**
 * Picks `count` addresses spread evenly over `addresses`, first and last
 * included, so that a probe covers buckets made early and late in a run.
 */
export function spreadSample(addresses: readonly string[], count: number): string[] {
  if (count >= addresses.length) {
    return [...addresses];
  }
  if (count <= 0) {
    return [];
  }
  if (count === 1) {
    return addresses.slice(0, 1);
  }

  const step = (addresses.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, index) => addresses[Math.round(index * step)] ?? '');
}
