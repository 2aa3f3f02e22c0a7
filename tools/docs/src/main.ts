import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { checkPage, fileReader, syncPage } from './snippets';

const usage = 'usage: docs check|sync [DIR]   (DIR defaults to docs/migration)';

/**
 * Checks (or, with `sync`, rewrites) every snippet of the Markdown pages
 * under `dir` against the marked regions of the sources they quote.
 */
function main(argv: readonly string[]): number {
  const [command, dir = 'docs/migration'] = argv;
  if (command !== 'check' && command !== 'sync') {
    process.stderr.write(`docs: unknown command "${command ?? ''}"; ${usage}\n`);
    return 2;
  }

  const root = process.cwd();
  const read = fileReader(root);
  const pages = readdirSync(path.join(root, dir))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => path.join(dir, name));

  if (command === 'sync') {
    for (const page of pages) {
      const text = readFileSync(path.join(root, page), 'utf8');
      const synced = syncPage(text, read);
      if (synced !== text) {
        writeFileSync(path.join(root, page), synced);
        process.stdout.write(`docs: updated ${page}\n`);
      }
    }
    return 0;
  }

  const problems = pages.flatMap((page) => checkPage(page, readFileSync(path.join(root, page), 'utf8'), read));
  for (const problem of problems) {
    process.stderr.write(`${problem.page}:${problem.line}: ${problem.message}\n`);
  }
  const stale = problems.length === 1 ? '1 snippet' : `${problems.length} snippets`;
  process.stdout.write(`docs: ${pages.length} pages checked, ${stale} out of date\n`);
  return problems.length === 0 ? 0 : 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`docs: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
