import { debianBaseTag, parsePackageList } from './debian-base';

describe('parsePackageList', () => {
  it('skips comments and blank lines', () => {
    expect(parsePackageList('# base\nlibc6\n\n  tzdata  # zones\n')).toEqual(['libc6', 'tzdata']);
  });
});

describe('debianBaseTag', () => {
  it('names the suite and a hash of the recipe', () => {
    expect(debianBaseTag(['libc6'], 'script')).toMatch(/^triad\/base-debian:bookworm-[0-9a-f]{12}$/);
  });

  it('ignores the order of the packages', () => {
    expect(debianBaseTag(['libc6', 'tzdata'], 'script')).toBe(debianBaseTag(['tzdata', 'libc6'], 'script'));
  });

  it('changes with the package list', () => {
    expect(debianBaseTag(['libc6'], 'script')).not.toBe(debianBaseTag(['libc6', 'tzdata'], 'script'));
  });

  it('changes with the finishing script', () => {
    expect(debianBaseTag(['libc6'], 'script')).not.toBe(debianBaseTag(['libc6'], 'script v2'));
  });
});
