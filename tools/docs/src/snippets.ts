import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A snippet block of a Markdown page: the source region it shows and where it sits. */
export interface SnippetBlock {
  /** Source file, relative to the workspace root. */
  readonly file: string;
  readonly region: string;
  /** Code between the fences, without the final newline. */
  readonly code: string;
  /** Offsets of the fenced block (fence lines included) in the page text. */
  readonly start: number;
  readonly end: number;
  /** 1-based line of the opening marker, for messages. */
  readonly line: number;
}

/** A difference between a page and the sources it quotes. */
export interface SnippetProblem {
  readonly page: string;
  readonly line: number;
  readonly message: string;
}

// <!-- snippet: services/go-api/internal/server/routes.go#routes -->
// ```go
// ...
// ```
// <!-- /snippet -->
const blockPattern =
  /<!-- snippet: ([^#\s]+)#([\w-]+) -->\n(```[\w-]*\n)([\s\S]*?)\n?```\n<!-- \/snippet -->/g;

/** Finds every snippet block of a Markdown page. */
export function findSnippetBlocks(page: string): SnippetBlock[] {
  const blocks: SnippetBlock[] = [];
  for (const match of page.matchAll(blockPattern)) {
    const index = match.index;
    const opening = match[0].indexOf(match[3] ?? '');
    blocks.push({
      file: match[1] ?? '',
      region: match[2] ?? '',
      code: match[4] ?? '',
      start: index + opening,
      end: index + match[0].length - '\n<!-- /snippet -->'.length,
      line: page.slice(0, index).split('\n').length,
    });
  }
  return blocks;
}

// `#region name` in C#, `// #region name` in Go and TypeScript; the end
// marker may repeat the name.
const regionStart = /^\s*(?:\/\/\s*)?#region\s+([\w-]+)\s*$/;
const regionEnd = /^\s*(?:\/\/\s*)?#endregion\b.*$/;

/**
 * Returns the lines between `#region <name>` and the matching `#endregion` of
 * `source`, without the markers and with their common indentation removed.
 * Throws when the region is missing, unclosed or defined twice.
 */
export function extractRegion(source: string, name: string): string {
  const lines = source.split('\n');
  const starts = lines.flatMap((line, index) => (regionStart.exec(line)?.[1] === name ? [index] : []));
  if (starts.length === 0) {
    throw new Error(`region "${name}" not found`);
  }
  if (starts.length > 1) {
    throw new Error(`region "${name}" is defined ${starts.length} times`);
  }

  const first = (starts[0] ?? 0) + 1;
  const body: string[] = [];
  let depth = 0;
  for (let index = first; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (regionStart.test(line)) {
      depth++;
      continue;
    }
    if (regionEnd.test(line)) {
      if (depth === 0) {
        return dedent(trimBlankEdges(body)).join('\n');
      }
      depth--;
      continue;
    }
    body.push(line);
  }
  throw new Error(`region "${name}" has no #endregion`);
}

// Go needs a blank line after `// #region` so that the marker does not join
// the doc comment below it; such edge lines are not part of the snippet.
function trimBlankEdges(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start]?.trim() === '') start++;
  while (end > start && lines[end - 1]?.trim() === '') end--;
  return lines.slice(start, end);
}

function dedent(lines: readonly string[]): string[] {
  const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[ \t]*/.exec(line)?.[0].length ?? 0);
  const common = indents.length === 0 ? 0 : Math.min(...indents);
  return lines.map((line) => line.slice(common).trimEnd());
}

/** Reads a source file relative to `root`; injectable so tests need no files. */
export type SourceReader = (file: string) => string;

/** Returns a reader of files under `root`. */
export function fileReader(root: string): SourceReader {
  return (file) => readFileSync(path.join(root, file), 'utf8');
}

/** Compares every snippet of `page` with its source region and lists the differences. */
export function checkPage(pageName: string, page: string, read: SourceReader): SnippetProblem[] {
  const problems: SnippetProblem[] = [];
  for (const block of findSnippetBlocks(page)) {
    const expected = regionOf(block, read);
    if (expected instanceof Error) {
      problems.push({ page: pageName, line: block.line, message: expected.message });
      continue;
    }
    if (expected !== block.code) {
      problems.push({
        page: pageName,
        line: block.line,
        message: `snippet ${block.file}#${block.region} differs from the source: run \`npx nx run docs:sync\``,
      });
    }
  }
  return problems;
}

/** Returns `page` with every snippet replaced by its current source region. */
export function syncPage(page: string, read: SourceReader): string {
  let result = '';
  let position = 0;
  for (const block of findSnippetBlocks(page)) {
    const code = regionOf(block, read);
    if (code instanceof Error) {
      throw code;
    }
    const fence = page.slice(block.start, page.indexOf('\n', block.start) + 1);
    result += page.slice(position, block.start) + fence + code + '\n```';
    position = block.end;
  }
  return result + page.slice(position);
}

function regionOf(block: SnippetBlock, read: SourceReader): string | Error {
  try {
    return extractRegion(read(block.file), block.region);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (error as Error).message;
    return new Error(`${block.file}#${block.region}: ${reason}`);
  }
}
