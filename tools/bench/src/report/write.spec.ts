import { lstat, mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { fixtureResults } from '../testing/fixture';
import { buildReport } from './build';
import { runDirName, writeReport } from './write';

describe('writeReport', () => {
  let outDir: string;

  beforeEach(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'triad-bench-write-'));
  });

  afterEach(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('writes the three files and links latest to them', async () => {
    const report = buildReport(fixtureResults());

    const written = await writeReport(report, outDir);

    expect(path.basename(written.dir)).toBe('20261204-100231');
    expect(JSON.parse(await readFile(written.json, 'utf8'))).toEqual(report);
    expect(await readFile(written.markdown, 'utf8')).toContain('# triad bench: smoke profile');
    expect(await readFile(written.html, 'utf8')).toMatch(/^<!doctype html>/);
    expect((await lstat(written.latest)).isSymbolicLink()).toBe(true);
    expect(await readlink(written.latest)).toBe('20261204-100231');
  });

  it('moves latest to the newest run, even in the same second', async () => {
    const report = buildReport(fixtureResults());

    await writeReport(report, outDir);
    const second = await writeReport(report, outDir);

    expect(path.basename(second.dir)).toBe('20261204-100231-2');
    expect(await readlink(path.join(outDir, 'latest'))).toBe('20261204-100231-2');
  });
});

describe('runDirName', () => {
  it('formats UTC time without separators that file systems dislike', () => {
    expect(runDirName(new Date('2026-01-02T03:04:05.678Z'))).toBe('20260102-030405');
  });
});
