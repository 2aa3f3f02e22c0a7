import { clientAddresses, MAX_CLIENT_ADDRESSES, spreadSample, WARM_UP_ADDRESS } from './addresses';

describe('clientAddresses', () => {
  it('starts at 127.0.1.1 and fills the host part to 254', () => {
    const addresses = clientAddresses(256);

    expect(addresses[0]).toBe('127.0.1.1');
    expect(addresses[253]).toBe('127.0.1.254');
    expect(addresses[254]).toBe('127.0.2.1');
    expect(addresses[255]).toBe('127.0.2.2');
  });

  it('returns distinct addresses up to the maximum', () => {
    const addresses = clientAddresses(MAX_CLIENT_ADDRESSES);

    expect(new Set(addresses).size).toBe(MAX_CLIENT_ADDRESSES);
    expect(addresses.at(-1)).toBe('127.0.255.254');
  });

  it('never returns the warm-up address or a .0 or .255 host part', () => {
    const addresses = clientAddresses(10_000);

    expect(addresses).not.toContain(WARM_UP_ADDRESS);
    expect(addresses.filter((address) => /\.(0|255)$/.test(address))).toEqual([]);
    expect(addresses.filter((address) => address.startsWith('127.0.0.'))).toEqual([]);
  });

  it('returns 10000 addresses ending at 127.0.40.94', () => {
    const addresses = clientAddresses(10_000);

    expect(addresses).toHaveLength(10_000);
    expect(addresses.at(-1)).toBe('127.0.40.94');
  });

  it('rejects a count above the maximum', () => {
    expect(() => clientAddresses(MAX_CLIENT_ADDRESSES + 1)).toThrow(RangeError);
  });

  it('rejects a fractional count', () => {
    expect(() => clientAddresses(1.5)).toThrow('invalid address count 1.5');
  });
});

describe('spreadSample', () => {
  const addresses = clientAddresses(100);

  it('includes the first and the last address', () => {
    const sample = spreadSample(addresses, 5);

    expect(sample).toHaveLength(5);
    expect(sample[0]).toBe(addresses[0]);
    expect(sample[4]).toBe(addresses[99]);
  });

  it('spaces the picks evenly', () => {
    const sample = spreadSample(clientAddresses(9), 3);

    expect(sample).toEqual(['127.0.1.1', '127.0.1.5', '127.0.1.9']);
  });

  it('returns every address when the count covers them', () => {
    expect(spreadSample(addresses, 200)).toEqual(addresses);
  });

  it('returns the first address for a count of one', () => {
    expect(spreadSample(addresses, 1)).toEqual(['127.0.1.1']);
  });

  it('returns nothing for a count of zero', () => {
    expect(spreadSample(addresses, 0)).toEqual([]);
  });
});
