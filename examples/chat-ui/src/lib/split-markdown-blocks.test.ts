import { describe, expect, it } from 'vitest';
import {
  createBlockSplitter,
  splitMarkdownBlocks,
} from './split-markdown-blocks';

describe('splitMarkdownBlocks', () => {
  it('should split paragraphs at blank lines', () => {
    expect(splitMarkdownBlocks('one\ntwo\n\nthree\n\n\nfour')).toEqual([
      'one\ntwo',
      'three',
      'four',
    ]);
  });

  it('should keep a fenced code block with blank lines in one block', () => {
    const code = '```python\na = 1\n\nb = 2\n```';
    expect(splitMarkdownBlocks(`intro\n\n${code}\n\nafter`)).toEqual([
      'intro',
      code,
      'after',
    ]);
  });

  it('should keep an unfinished fence (a streaming tail) together', () => {
    expect(splitMarkdownBlocks('x\n\n~~~\nline\n\nmore')).toEqual([
      'x',
      '~~~\nline\n\nmore',
    ]);
  });

  it('should keep $$ math blocks and tables together', () => {
    const math = '$$\na^2\n\n+ b^2\n$$';
    const table = '| a | b |\n|---|---|\n| 1 | 2 |';
    expect(splitMarkdownBlocks(`${math}\n\n${table}`)).toEqual([math, table]);
  });

  it('should give the same blocks for a prefix except the last one (append-only)', () => {
    const text = 'alpha\n\n```js\nx\n\ny\n```\n\n| h |\n|---|\n| v |\n\nomega';
    const full = splitMarkdownBlocks(text);
    for (let cut = 1; cut < text.length; cut++) {
      const prefix = splitMarkdownBlocks(text.slice(0, cut));
      expect(prefix.slice(0, -1)).toEqual(full.slice(0, prefix.length - 1));
    }
  });
});

describe('createBlockSplitter', () => {
  it('should give the same blocks as splitMarkdownBlocks for every prefix of a growing text', () => {
    const text =
      'alpha\n\n```js\nx\n\n\ny\n```\n\n$$\na\n\nb\n$$\n\n| h |\n|---|\n| v |\n\n\n\nomega and more\n\nlast';
    const split = createBlockSplitter();
    for (let cut = 0; cut <= text.length; cut++) {
      expect(split(text.slice(0, cut))).toEqual(
        splitMarkdownBlocks(text.slice(0, cut)),
      );
    }
    // A text that does not extend the previous one is split from scratch.
    expect(split('other\n\ntext')).toEqual(['other', 'text']);
  });
});
