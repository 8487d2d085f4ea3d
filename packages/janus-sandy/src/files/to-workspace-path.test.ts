import { describe, expect, it } from 'vitest';
import { toWorkspacePath } from './to-workspace-path';

describe('toWorkspacePath', () => {
  it('should resolve relative and /workspace paths', () => {
    expect(toWorkspacePath('a/b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('./a//b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('/workspace/a/b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('/workspace')).toBe('');
    expect(toWorkspacePath('')).toBe('');
  });

  it('should refuse .., paths outside /workspace, NUL bytes and backslashes', () => {
    for (const path of [
      '..',
      'a/../b',
      '/workspace/../etc',
      '/etc/passwd',
      '/workspacex/a',
      'a\0b',
      'a\\..\\b',
    ])
      expect(() => toWorkspacePath(path), path).toThrow(
        expect.objectContaining({ code: 'invalid_request', param: 'path' }),
      );
  });
});
