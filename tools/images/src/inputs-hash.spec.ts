import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inputsHash, reusableImage } from './inputs-hash';

describe('inputsHash', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'triad-inputs-'));
    await mkdir(join(dir, 'app'));
    await writeFile(join(dir, 'Containerfile'), 'FROM scratch\n');
    await writeFile(join(dir, 'app', 'main.js'), 'console.log(1);\n');
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is the same for the same inputs', async () => {
    const first = await inputsHash(dir, 'sha256:base', { title: 'a' });

    expect(await inputsHash(dir, 'sha256:base', { title: 'a' })).toBe(first);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes with a file, its mode, the base or a label', async () => {
    const before = await inputsHash(dir, 'sha256:base', { title: 'a' });

    expect(await inputsHash(dir, 'sha256:other', { title: 'a' })).not.toBe(before);
    expect(await inputsHash(dir, 'sha256:base', { title: 'b' })).not.toBe(before);
    await chmod(join(dir, 'app', 'main.js'), 0o755);
    const executable = await inputsHash(dir, 'sha256:base', { title: 'a' });
    expect(executable).not.toBe(before);
    await writeFile(join(dir, 'app', 'main.js'), 'console.log(2);\n');
    expect(await inputsHash(dir, 'sha256:base', { title: 'a' })).not.toBe(executable);
  });
});

describe('reusableImage', () => {
  it('takes the newest tagged image of the repository', () => {
    const images = [
      { Id: 'old', Created: 100, RepoTags: ['triad/go-api:0.0.9'] },
      { Id: 'new', Created: 200, RepoTags: ['docker.io/triad/go-api:0.1.0', 'docker.io/triad/go-api:latest'] },
    ];

    expect(reusableImage(images, 'triad/go-api')).toBe('new');
  });

  it('passes over untagged stage images and other repositories', () => {
    const images = [
      { Id: 'stage', Created: 300, RepoTags: null },
      { Id: 'none', Created: 300, RepoTags: ['<none>:<none>'] },
      { Id: 'other', Created: 300, RepoTags: ['triad/go-api-debug:0.1.0'] },
      { Id: 'final', Created: 299, RepoTags: ['localhost:5000/triad/go-api:0.1.0'] },
    ];

    expect(reusableImage(images, 'triad/go-api')).toBe('final');
  });

  it('finds nothing when only stage images carry the inputs', () => {
    expect(reusableImage([{ Id: 'stage', Created: 1, RepoTags: [] }], 'triad/go-api')).toBeUndefined();
  });
});
