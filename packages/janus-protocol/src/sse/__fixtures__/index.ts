/**
 * Test helpers for the SSE tests: the recorded streams of this folder (one
 * chunk JSON per line, STYLE.md 11.5) and the SSE framing rebuilt around
 * them. Test-only: not built, not published, not linted.
 */
import deepseekReasoning from './deepseek-reasoning.chunks.txt?raw';
import errorMidStream from './error-mid-stream.chunks.txt?raw';
import janusSandy from './janus-sandy.chunks.txt?raw';
import openaiToolCalls from './openai-tool-calls.chunks.txt?raw';
import openaiUsage from './openai-usage.chunks.txt?raw';
import openrouterReasoning from './openrouter-reasoning.chunks.txt?raw';

/** Each fixture's lines (one JSON object per line). */
export const fixtures: Record<string, string[]> = Object.fromEntries(
  Object.entries({
    'openai-usage': openaiUsage,
    'openai-tool-calls': openaiToolCalls,
    'deepseek-reasoning': deepseekReasoning,
    'openrouter-reasoning': openrouterReasoning,
    'janus-sandy': janusSandy,
    'error-mid-stream': errorMidStream,
  }).map(([name, text]) => [
    name,
    text.split('\n').filter(line => line.trim() !== ''),
  ]),
);

/**
 * Frames fixture lines as an SSE body: `data: <json>` events separated by
 * blank lines, with optional `: ping` comments between events, a chosen line
 * ending and the final `data: [DONE]`.
 */
export function toSseText(
  lines: string[],
  options: { eol?: string; pingEvery?: number; done?: boolean } = {},
): string {
  const eol = options.eol ?? '\n';
  let text = '';
  lines.forEach((line, index) => {
    if (options.pingEvery && index % options.pingEvery === 0)
      text += `: ping${eol}${eol}`;
    text += `data: ${line}${eol}${eol}`;
  });
  if (options.done !== false) text += `data: [DONE]${eol}${eol}`;
  return text;
}

/** A stream delivering `pieces` (bytes, text, parts) one per read. */
export function streamOf<T>(
  pieces: T[],
): ReadableStream<T> {
  let index = 0;
  return new ReadableStream<T>({
    pull(controller) {
      if (index < pieces.length) controller.enqueue(pieces[index++] as T);
      else controller.close();
    },
  });
}

/** `bytes` cut at the given offsets (sorted, within range). */
export function splitAt(bytes: Uint8Array, offsets: number[]): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  let start = 0;
  for (const offset of offsets) {
    pieces.push(bytes.slice(start, offset));
    start = offset;
  }
  pieces.push(bytes.slice(start));
  return pieces;
}

/** Reads a stream through `getReader()`, never its async iterator. */
export async function collectWithReader<T>(
  stream: ReadableStream<T>,
): Promise<T[]> {
  const items: T[] = [];
  const reader = stream.getReader();
  for (;;) {
    const result = await reader.read();
    if (result.done) return items;
    items.push(result.value);
  }
}

/** Reads a stream (or async iterable) to the end. */
export async function collect<T>(
  source: ReadableStream<T> | AsyncIterable<T>,
): Promise<T[]> {
  const items: T[] = [];
  if (Symbol.asyncIterator in source) {
    for await (const item of source as AsyncIterable<T>) items.push(item);
    return items;
  }
  const reader = (source as ReadableStream<T>).getReader();
  for (;;) {
    const result = await reader.read();
    if (result.done) return items;
    items.push(result.value);
  }
}

/** Encodes text as UTF-8. */
export const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
