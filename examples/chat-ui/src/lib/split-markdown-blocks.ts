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
  return splitWithOffsets(text).blocks;
}

/** The blocks of `text` and where each starts in it. */
function splitWithOffsets(text: string): {
  blocks: string[];
  starts: number[];
} {
  const blocks: string[] = [];
  const starts: number[] = [];
  let current: string[] = [];
  let currentStart = 0;
  let offset = 0;
  let fence: string | null = null;
  let inMath = false;
  const flush = () => {
    if (current.length > 0) {
      blocks.push(current.join('\n'));
      starts.push(currentStart);
    }
    current = [];
  };
  const add = (line: string, at: number) => {
    if (current.length === 0) currentStart = at;
    current.push(line);
  };
  for (const line of text.split('\n')) {
    const at = offset;
    offset += line.length + 1;
    const trimmed = line.trimStart();
    if (fence !== null) {
      add(line, at);
      if (
        trimmed.startsWith(fence) &&
        trimmed.slice(fence.length).trim() === ''
      )
        fence = null;
      continue;
    }
    if (inMath) {
      add(line, at);
      if (trimmed.trimEnd().endsWith('$$')) inMath = false;
      continue;
    }
    const opening = /^(`{3,}|~{3,})/.exec(trimmed);
    if (opening) {
      fence = opening[1] ?? '```';
      add(line, at);
      continue;
    }
    if (
      trimmed.startsWith('$$') &&
      !trimmed.slice(2).trimEnd().endsWith('$$')
    ) {
      inMath = true;
      add(line, at);
      continue;
    }
    if (trimmed === '') {
      flush();
      continue;
    }
    add(line, at);
  }
  flush();
  return { blocks, starts };
}

/**
 * A memoising {@link splitMarkdownBlocks} for a text that grows at the end
 * (a streaming answer): when the new text extends the previous one, only the
 * last block and what follows are split again, so a frame costs O(tail), not
 * O(answer). Blocks that did not change keep their identity.
 *
 * @returns `split(text)`, equal to `splitMarkdownBlocks(text)`.
 */
export function createBlockSplitter(): (text: string) => string[] {
  let previous = '';
  let blocks: string[] = [];
  // Offset of the last block in `previous`: outside any fence or math block
  // by construction (blocks end only there), so splitting can restart there.
  let lastStart = 0;
  return text => {
    if (text === previous) return blocks;
    const grows = blocks.length > 0 && text.startsWith(previous);
    const from = grows ? lastStart : 0;
    const tail = splitWithOffsets(text.slice(from));
    blocks = grows ? [...blocks.slice(0, -1), ...tail.blocks] : tail.blocks;
    const last = tail.starts[tail.starts.length - 1];
    lastStart = last === undefined ? from : from + last;
    previous = text;
    return blocks;
  };
}
