import { cp, lstat, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import type { BenchReport } from './types';

/** Paths of the files {@link writeReport} wrote. */
export interface WrittenReport {
  dir: string;
  json: string;
  markdown: string;
  html: string;
  /** `<outDir>/latest`, a symlink to `dir` or a copy of it where symlinks fail. */
  latest: string;
}

/**
 * Writes report.json, report.md and report.html to `<outDir>/<timestamp>/`
 * and points `<outDir>/latest` at that folder.
 */
export async function writeReport(report: BenchReport, outDir: string): Promise<WrittenReport> {
  const dir = await createRunDir(outDir, new Date(report.generated_at));
  const written: WrittenReport = {
    dir,
    json: path.join(dir, 'report.json'),
    markdown: path.join(dir, 'report.md'),
    html: path.join(dir, 'report.html'),
    latest: path.join(outDir, 'latest'),
  };

  await writeFile(written.json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(written.markdown, renderMarkdown(report));
  await writeFile(written.html, renderHtml(report));
  await pointLatestAt(written.latest, dir);
  return written;
}

/** Returns the folder name of a run: its UTC start as `20261204-135445`. */
export function runDirName(time: Date): string {
  return time.toISOString().slice(0, 19).replaceAll('-', '').replace('T', '-').replaceAll(':', '');
}

async function createRunDir(outDir: string, time: Date): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const base = path.join(outDir, runDirName(time));
  for (let attempt = 1; ; attempt++) {
    const dir = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      await mkdir(dir);
      return dir;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
  }
}

async function pointLatestAt(latest: string, dir: string): Promise<void> {
  await removeLatest(latest);
  try {
    await symlink(path.basename(dir), latest, 'dir');
  } catch (error) {
    // Some file systems (and Windows without developer mode) refuse symlinks.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'EACCES' && code !== 'ENOSYS' && code !== 'EOPNOTSUPP') {
      throw error;
    }
    await cp(dir, latest, { recursive: true });
  }
}

async function removeLatest(latest: string): Promise<void> {
  try {
    const stats = await lstat(latest);
    // A symlink is removed itself; a copy left where symlinks failed is a folder.
    await rm(latest, { recursive: !stats.isSymbolicLink(), force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw error;
    }
  }
}
