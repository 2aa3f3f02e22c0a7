export { checkPage, extractRegion, fileReader, findSnippetBlocks, syncPage } from './snippets';
export type { SnippetBlock, SnippetProblem, SourceReader } from './snippets';
