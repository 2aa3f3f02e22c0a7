import { memorySamples } from './figures';
import { memorySamplesText } from './lines';
import { FIGURES_HEADER, figuresRow, formatBytes, formatMiB, formatSignedMiB, renderTable } from './table';

describe('formatMiB', () => {
  it('prints two decimals of 1024 * 1024 bytes', () => {
    expect(formatMiB(1.5 * 1024 * 1024)).toBe('1.50');
  });
});

describe('formatSignedMiB', () => {
  it('adds a plus sign to growth', () => {
    expect(formatSignedMiB(2 * 1024 * 1024)).toBe('+2.00');
  });

  it('keeps the minus sign of a shrink', () => {
    expect(formatSignedMiB(-1024 * 1024)).toBe('-1.00');
  });
});

describe('formatBytes', () => {
  it('rounds to whole bytes', () => {
    expect(formatBytes(301.6)).toBe('302');
  });

  it('adds a plus sign when signed', () => {
    expect(formatBytes(12, true)).toBe('+12');
  });

  it('keeps the minus sign when signed', () => {
    expect(formatBytes(-12, true)).toBe('-12');
  });
});

describe('figuresRow', () => {
  it('prints MiB for totals and bytes for buckets', () => {
    const mib = 1024 * 1024;
    const row = figuresRow('go-api', {
      beforeBytes: 19 * mib,
      afterBytes: 23 * mib,
      deltaBytes: 4 * mib,
      perBucketBytes: 419.4,
      controlDeltaBytes: mib,
      netPerBucketBytes: 314.6,
    });

    expect(row).toEqual(['go-api', '19.00', '23.00', '+4.00', '+419', '+1.00', '+315']);
    expect(row).toHaveLength(FIGURES_HEADER.length);
  });
});

describe('renderTable', () => {
  it('pads the first column left-aligned and the others right-aligned', () => {
    const lines = renderTable(
      ['service', 'MiB'],
      [
        ['go-api', '1.00'],
        ['dotnet-api', '100.00'],
      ],
    );

    expect(lines).toEqual([
      'service        MiB',
      '----------  ------',
      'go-api        1.00',
      'dotnet-api  100.00',
    ]);
  });

  it('renders a header alone when there are no rows', () => {
    expect(renderTable(['a', 'bb'], [])).toEqual(['a  bb', '-  --']);
  });
});

describe('memorySamplesText', () => {
  it('names the median, the count and the range', () => {
    const mib = 1024 * 1024;
    const text = memorySamplesText('RSS before', memorySamples([2 * mib, 1 * mib, 3 * mib]));

    expect(text).toBe('RSS before 2.00 MiB (median of 3, 1.00 to 3.00)');
  });
});
