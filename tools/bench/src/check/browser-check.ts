import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

// TODO: playwright-core is a devDependency in package.json, yet `bench:e2e` loads it at run time
// for the report check. It belongs in dependencies, which also changes the workspace lockfile.
import { chromium } from 'playwright-core';

import { reportCharts } from '../report/html';
import type { BenchReport } from '../report/types';

/** Flags that keep headless Chromium from reaching for hosts on its own. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Measurements of one chart as the browser drew it. */
export interface ChartCheck {
  id: string;
  width: number;
  height: number;
  /** Data elements (class `mark`) with a non-zero width and height. */
  drawnMarks: number;
}

/** The outcome of {@link checkReportHtml}: `ok` when `problems` is empty. */
export interface BrowserCheckResult {
  ok: boolean;
  charts: ChartCheck[];
  /** URLs the page requested or tried to load, other than the report itself. */
  externalRequests: string[];
  screenshot: string | undefined;
  problems: string[];
}

/** Options of {@link checkReportHtml}. */
export interface BrowserCheckOptions {
  executablePath: string;
  /** Chart ids that must be present; when omitted, every chart found is checked. */
  expectedCharts?: readonly string[];
  /** Path of a full-page screenshot to save. */
  screenshotPath?: string;
}

/** Returns the Chromium binary to use (`CHROME_BIN`, else /usr/bin/chromium), or undefined when it is missing. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidate = env.CHROME_BIN ?? '/usr/bin/chromium';
  return existsSync(candidate) ? candidate : undefined;
}

// Runs in the page: measures each chart's SVG and its data marks. Kept as a
// string because the library is compiled without the DOM type definitions.
const MEASURE_CHARTS = `[...document.querySelectorAll('figure.chart')].map((figure) => {
  const svg = figure.querySelector('svg');
  const box = svg ? svg.getBoundingClientRect() : { width: 0, height: 0 };
  const marks = svg ? [...svg.querySelectorAll('.mark')] : [];
  const drawn = marks.filter((mark) => {
    const rect = mark.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0 && getComputedStyle(mark).visibility !== 'hidden';
  });
  return { id: figure.dataset.chart || '', width: box.width, height: box.height, drawnMarks: drawn.length };
})`;

/**
 * Opens a report.html in headless Chromium with a fresh profile and checks
 * that every chart is drawn (its SVG and at least one data mark have a
 * non-zero size) and that the page loaded nothing but the file itself.
 */
export async function checkReportHtml(htmlPath: string, options: BrowserCheckOptions): Promise<BrowserCheckResult> {
  const fileUrl = pathToFileURL(path.resolve(htmlPath)).href;
  const userDataDir = await mkdtemp(path.join(tmpdir(), 'triad-bench-chromium-'));
  const externalRequests: string[] = [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: options.executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
  });

  try {
    context.on('request', (request) => {
      if (request.url() !== fileUrl) {
        externalRequests.push(request.url());
      }
    });
    const page = await context.newPage();
    // A load that the Content-Security-Policy blocks never becomes a request, only a console error.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) {
        externalRequests.push(`blocked: ${message.text()}`);
      }
    });
    await page.goto(fileUrl, { waitUntil: 'load' });
    const charts = await page.evaluate<ChartCheck[]>(MEASURE_CHARTS);
    if (options.screenshotPath !== undefined) {
      await page.screenshot({ path: options.screenshotPath, fullPage: true });
    }
    const problems = chartProblems(charts, options.expectedCharts);
    problems.push(...externalRequests.map((url) => `the page requested ${url}`));
    return { ok: problems.length === 0, charts, externalRequests, screenshot: options.screenshotPath, problems };
  } finally {
    await context.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

function chartProblems(charts: ChartCheck[], expected: readonly string[] | undefined): string[] {
  const problems: string[] = [];
  if (charts.length === 0) {
    problems.push('the page has no chart');
  }
  for (const id of expected ?? []) {
    if (!charts.some((chart) => chart.id === id)) {
      problems.push(`chart ${id} is missing`);
    }
  }
  for (const chart of charts) {
    if (chart.width <= 0 || chart.height <= 0) {
      problems.push(`chart ${chart.id} has no size (${chart.width}x${chart.height})`);
    } else if (chart.drawnMarks === 0) {
      problems.push(`chart ${chart.id} has no drawn data marks`);
    }
  }
  return problems;
}

/**
 * Checks the report.html of a report folder against the charts its
 * report.json calls for, and saves report.png beside it.
 */
export async function checkReportDir(reportDir: string, executablePath: string): Promise<BrowserCheckResult> {
  const report = JSON.parse(await readFile(path.join(reportDir, 'report.json'), 'utf8')) as BenchReport;
  return checkReportHtml(path.join(reportDir, 'report.html'), {
    executablePath,
    expectedCharts: reportCharts(report).map((chart) => chart.id),
    screenshotPath: path.join(reportDir, 'report.png'),
  });
}
