import { checkPage, extractRegion, findSnippetBlocks, syncPage, type SourceReader } from './snippets';

const goSource = [
  'package webhook',
  '',
  '// #region worker-pool',
  'func (p *Pool) run() {',
  '\tfor event := range p.events {',
  '\t\tp.process(event)',
  '\t}',
  '}',
  '// #endregion worker-pool',
].join('\n');

const csharpSource = [
  'public sealed class Worker',
  '{',
  '    #region worker-pool',
  '    protected override async Task ExecuteAsync(CancellationToken stoppingToken)',
  '    {',
  '        await foreach (var item in reader.ReadAllAsync(stoppingToken)) { }',
  '    }',
  '    #endregion',
  '}',
].join('\n');

const sources: Record<string, string> = { 'pool.go': goSource, 'Worker.cs': csharpSource };
const read: SourceReader = (file) => {
  const text = sources[file];
  if (text === undefined) {
    throw Object.assign(new Error(`ENOENT: ${file}`), { code: 'ENOENT' });
  }
  return text;
};

function page(file: string, region: string, code: string): string {
  return `# Worker pool\n\n<!-- snippet: ${file}#${region} -->\n\`\`\`go\n${code}\n\`\`\`\n<!-- /snippet -->\n\nAfter.\n`;
}

describe('extractRegion', () => {
  it('returns the lines between the markers', () => {
    expect(extractRegion(goSource, 'worker-pool')).toBe(
      'func (p *Pool) run() {\n\tfor event := range p.events {\n\t\tp.process(event)\n\t}\n}',
    );
  });

  it('removes common indentation of C# regions', () => {
    expect(extractRegion(csharpSource, 'worker-pool').split('\n')[0]).toBe(
      'protected override async Task ExecuteAsync(CancellationToken stoppingToken)',
    );
  });

  it('drops blank lines at the edges', () => {
    expect(extractRegion('// #region gap\n\nx := 1\n\n// #endregion', 'gap')).toBe('x := 1');
  });

  it('rejects a missing region', () => {
    expect(() => extractRegion(goSource, 'rate-limit')).toThrow('region "rate-limit" not found');
  });

  it('rejects an unclosed region', () => {
    expect(() => extractRegion('// #region open\nx := 1', 'open')).toThrow('has no #endregion');
  });

  it('rejects a region defined twice', () => {
    expect(() => extractRegion(`${goSource}\n${goSource}`, 'worker-pool')).toThrow('defined 2 times');
  });
});

describe('checkPage', () => {
  it('accepts a snippet equal to its region', () => {
    const text = page('pool.go', 'worker-pool', extractRegion(goSource, 'worker-pool'));

    expect(checkPage('pool.md', text, read)).toEqual([]);
  });

  it('reports a snippet whose source changed', () => {
    const stale = extractRegion(goSource, 'worker-pool').replace('p.process(event)', 'p.handle(event)');

    const problems = checkPage('pool.md', page('pool.go', 'worker-pool', stale), read);

    expect(problems).toHaveLength(1);
    expect(problems[0]?.line).toBe(3);
    expect(problems[0]?.message).toContain('differs from the source');
  });

  it('reports a snippet of a missing file', () => {
    const problems = checkPage('pool.md', page('gone.go', 'worker-pool', ''), read);

    expect(problems[0]?.message).toBe('gone.go#worker-pool: file not found');
  });

  it('reports a snippet of a missing region', () => {
    const problems = checkPage('pool.md', page('pool.go', 'nothing', ''), read);

    expect(problems[0]?.message).toBe('pool.go#nothing: region "nothing" not found');
  });
});

describe('syncPage', () => {
  it('rewrites stale snippets and keeps the prose', () => {
    const text = page('pool.go', 'worker-pool', 'old code') + page('Worker.cs', 'worker-pool', 'old');

    const synced = syncPage(text, read);

    expect(checkPage('pool.md', synced, read)).toEqual([]);
    expect(findSnippetBlocks(synced)).toHaveLength(2);
    expect(synced).toContain('\nAfter.\n');
    expect(synced.startsWith('# Worker pool\n')).toBe(true);
  });

  it('leaves an up-to-date page unchanged', () => {
    const text = page('pool.go', 'worker-pool', extractRegion(goSource, 'worker-pool'));

    expect(syncPage(text, read)).toBe(text);
  });
});
