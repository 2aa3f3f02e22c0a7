import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { buildReport } from '../report/build';
import { reportCharts } from '../report/html';
import { writeReport } from '../report/write';
import { fixtureResults } from '../testing/fixture';
import { checkReportDir, checkReportHtml, findChromium } from './browser-check';

const chromium = findChromium();
if (chromium === undefined) {
  console.warn(
    `Skipping the browser checks of report.html: no Chromium at ${process.env.CHROME_BIN ?? '/usr/bin/chromium'}; ` +
      'install it or set CHROME_BIN.',
  );
}
const describeWithChromium = chromium === undefined ? describe.skip : describe;

// The report folder that `nx run bench:e2e` writes to, relative to the workspace root.
const latestReportDir = path.resolve(__dirname, '../../../..', 'reports', 'latest');
const latestExists = existsSync(path.join(latestReportDir, 'report.html'));
if (chromium !== undefined && !latestExists) {
  console.warn(`Skipping the check of the latest run's report: ${latestReportDir}/report.html does not exist yet.`);
}

describeWithChromium('report.html in Chromium', () => {
  const executablePath = chromium ?? '';
  // Kept after the run (reports/ is ignored by git) so that the screenshot can be looked at.
  const fixtureOutDir = path.resolve(__dirname, '../../reports/test-fixture');
  let outDir: string;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'triad-bench-browser-'));
    await rm(fixtureOutDir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await rm(outDir, { recursive: true, force: true });
  });

  it('draws every chart of a fixture report offline', async () => {
    const report = buildReport(fixtureResults());
    const written = await writeReport(report, fixtureOutDir);

    const result = await checkReportDir(written.dir, executablePath);

    expect(result.problems).toEqual([]);
    expect(result.externalRequests).toEqual([]);
    expect(result.charts.map((chart) => chart.id).sort()).toEqual(reportCharts(report).map((chart) => chart.id).sort());
    for (const chart of result.charts) {
      expect(chart.width).toBeGreaterThan(0);
      expect(chart.drawnMarks).toBeGreaterThan(0);
    }
    expect((await stat(path.join(written.dir, 'report.png'))).size).toBeGreaterThan(1000);
  });

  it('reports a page that fetches from the network', async () => {
    const htmlPath = path.join(outDir, 'fetching.html');
    await writeFile(
      htmlPath,
      '<!doctype html><figure class="chart" data-chart="a"><svg width="100" height="50">' +
        '<rect class="mark" width="10" height="10"/></svg></figure><img src="http://127.0.0.1:9/x.png">',
    );

    const result = await checkReportHtml(htmlPath, { executablePath });

    expect(result.ok).toBe(false);
    expect(result.externalRequests).toEqual(['http://127.0.0.1:9/x.png']);
  });

  it('reports a chart with nothing drawn and a missing chart', async () => {
    const htmlPath = path.join(outDir, 'empty.html');
    await writeFile(htmlPath, '<!doctype html><figure class="chart" data-chart="empty"><svg width="100" height="50"></svg></figure>');

    const result = await checkReportHtml(htmlPath, { executablePath, expectedCharts: ['empty', 'memory'] });

    expect(result.problems).toEqual(['chart memory is missing', 'chart empty has no drawn data marks']);
  });

  (latestExists ? it : it.skip)('draws every chart of the latest bench run', async () => {
    const result = await checkReportDir(latestReportDir, executablePath);

    expect(result.problems).toEqual([]);
    expect(result.charts.length).toBeGreaterThan(0);
  });
});
