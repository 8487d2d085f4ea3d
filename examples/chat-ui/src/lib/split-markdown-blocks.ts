/**
 * Splits markdown into top-level blocks at blank lines, never inside a fenced
 * code block (``` or ~~~) or a `$$` math block. Streaming renders every block
 * but the last once (memoised) and re-renders only the growing tail, so the
 * cost of a frame does not grow with the length of the answer.
 *
 * Trade-off: constructs spanning blank lines across blocks (reference-style
 * link definitions, footnotes) only resolve inside their own block.
 *
 * @param text - Markdown source.
 * @returns The blocks, in order; joined with `\n\n` they give the same document.
 */
export function splitMarkdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  const lines = text.split('\n');
  let current: string[] = [];
  let fence: string | null = null;
  let inMath = false;
  const flush = () => {
    if (current.length > 0) blocks.push(current.join('\n'));
    current = [];
  };
  for (const line of lines) {
    const trimmed = line.trimStart();
    if (fence !== null) {
      current.push(line);
      if (
        trimmed.startsWith(fence) &&
        trimmed.slice(fence.length).trim() === ''
      )
        fence = null;
      continue;
    }
    if (inMath) {
      current.push(line);
      if (trimmed.trimEnd().endsWith('$$')) inMath = false;
      continue;
    }
    const opening = /^(`{3,}|~{3,})/.exec(trimmed);
    if (opening) {
      fence = opening[1] ?? '```';
      current.push(line);
      continue;
    }
    if (
      trimmed.startsWith('$$') &&
      !trimmed.slice(2).trimEnd().endsWith('$$')
    ) {
      inMath = true;
      current.push(line);
      continue;
    }
    if (trimmed === '') {
      flush();
      continue;
    }
    current.push(line);
  }
  flush();
  return blocks;
}
