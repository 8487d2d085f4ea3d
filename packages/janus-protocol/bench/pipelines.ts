/**
 * The pipelines the decode benchmark compares, each reading the same lazily
 * produced byte stream (typical chunks in 16 KiB pieces).
 */
import {
  chatCompletionChunkSchema,
  parseChatCompletionStream,
  parseJsonEventStream,
} from '../src';
import { decodeRaw } from './measure';
import { createPool, createPoolStream } from './typical-stream';

/** Chunks in the pool; the input of one run is the pool `repeat` times. */
export const poolChunks = 50_000;
export const pieceSize = 16 * 1024;
export const repeat = 4; // 200,000 chunks per run

export const pool = createPool({ count: poolChunks, pieceSize });
const input = () => createPoolStream({ pieces: pool.pieces, repeat });

async function decodeJanus(options: { validate: boolean }): Promise<number> {
  let count = 0;
  for await (const part of parseChatCompletionStream(input(), options)) {
    if (part.type === 'data') count++;
    else if (part.type === 'error') throw part.error;
  }
  return count;
}

// A copy of the schema is not the one the decoder recognises, so this
// measures plain zod validation without the fast path (for the record).
const zodOnlySchema = chatCompletionChunkSchema.clone();
async function decodeZodOnly(): Promise<number> {
  let count = 0;
  for await (const part of parseJsonEventStream(input(), {
    schema: zodOnlySchema,
  })) {
    if (part.type === 'data') count++;
  }
  return count;
}

/** Each pipeline decodes one run's input and returns the chunk count. */
export const pipelines: Record<string, () => Promise<number>> = {
  raw: () => decodeRaw(input()),
  janus: () => decodeJanus({ validate: true }),
  'janus (validate: false)': () => decodeJanus({ validate: false }),
  'janus (zod only, no fast path)': decodeZodOnly,
};
