import { describe, expect, it } from 'vitest';
import { toWorkspacePath } from './to-workspace-path';

describe('toWorkspacePath', () => {
  it('should resolve relative and /workspace paths', () => {
    expect(toWorkspacePath('a/b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('./a//b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('/workspace/a/b.txt')).toBe('a/b.txt');
    expect(toWorkspacePath('/workspace')).toBe('');
    expect(toWorkspacePath('')).toBe('');
    expect(toWorkspacePath('a'.repeat(255))).toBe('a'.repeat(255));
  });

  it('should refuse .., paths outside /workspace, NUL bytes, backslashes and names over 255 bytes', () => {
    for (const path of [
      '..',
      'a/../b',
      '/workspace/../etc',
      '/etc/passwd',
      '/workspacex/a',
      'a\0b',
      'a\\..\\b',
      // NAME_MAX is 255 bytes, not characters.
      'a'.repeat(256),
      `d/${'é'.repeat(128)}/f`,
    ])
      expect(() => toWorkspacePath(path), path).toThrow(
        expect.objectContaining({ code: 'invalid_request', param: 'path' }),
      );
  });
});
