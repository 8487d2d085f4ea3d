import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accumulateChatCompletion } from '../accumulate/chat-completion-accumulator';
import type { Artifact } from '../schemas/artifact';
import type { ChatCompletionChunk } from '../schemas/chat-completion-chunk';
import type { JanusEvent } from '../schemas/janus-event';
import { collect, splitAt, streamOf } from './__fixtures__/index';
import { parseChatCompletionStream } from './parse-chat-completion-stream';
import { type SseEncoderInput, SseEncoderStream } from './sse-encoder-stream';

const text = fc.string({ unit: 'binary', maxLength: 12 });
const jsonFromTheWire = fc.json().map(json => JSON.parse(json) as unknown);
const artifact = (id: string): Artifact => ({
  id,
  type: 'file',
  mime_type: 'text/plain',
  display_name: `${id}.txt`,
  size_bytes: 3,
  sha256: 'a'.repeat(64),
  created_at: '2026-11-26T12:00:00.000Z',
  ttl_seconds: 60,
  url: `/v1/artifacts/${id}`,
});
const janusEvent: fc.Arbitrary<JanusEvent> = fc.oneof(
  text.map(id => ({
    event: 'sandbox_start' as const,
    payload: { sandbox_id: id },
  })),
  fc.nat().map(ms => ({
    event: 'sandbox_end' as const,
    payload: { sandbox_id: 'sbx', duration_ms: ms },
  })),
  // The input as a peer's JSON.parse hands it over: fc.jsonValue() also makes
  // values JSON cannot carry (-0 is written as 0), which no encoder could keep.
  fc.record({ name: text, input: jsonFromTheWire }).map(payload => ({
    event: 'tool_start' as const,
    payload,
  })),
  fc.record({ name: text, ok: fc.boolean() }).map(payload => ({
    event: 'tool_end' as const,
    payload,
  })),
  fc.subarray(['artf_a', 'artf_b', 'artf_c']).map(ids => ({
    event: 'artifacts' as const,
    payload: { items: ids.map(artifact) },
  })),
  text.map(url => ({ event: 'screenshot' as const, payload: { url } })),
  text.map(message => ({ event: 'status' as const, payload: { message } })),
);
const delta = fc.oneof(
  text.map(content => ({ content })),
  text.map(reasoning_content => ({ reasoning_content })),
  text.map(reasoning => ({ reasoning })),
  fc
    .record(
      {
        index: fc.nat({ max: 2 }),
        id: fc.option(text, { nil: undefined }),
        function: fc.record(
          { name: text, arguments: text },
          {
            requiredKeys: [],
          },
        ),
      },
      { requiredKeys: ['index', 'function'] },
    )
    .map(fragment => ({ tool_calls: [fragment] })),
  janusEvent.map(janus => ({ janus })),
);
const chunk: fc.Arbitrary<ChatCompletionChunk> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({
        index: fc.nat({ max: 1 }),
        delta,
        finish: fc.option(
          fc.constantFrom(
            'stop' as const,
            'length' as const,
            'tool_calls' as const,
          ),
        ),
      })
      .map(({ index, delta, finish }) => ({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk' as const,
        created: 1,
        model: 'm',
        choices: [{ index, delta, finish_reason: finish }],
      })),
  },
  {
    weight: 1,
    arbitrary: fc
      .record({
        prompt_tokens: fc.nat(),
        completion_tokens: fc.nat(),
        total_tokens: fc.nat(),
        cost_usd: fc.double({ min: 0, max: 1, noNaN: true }),
      })
      .map(usage => ({
        id: 'chatcmpl-1',
        object: 'chat.completion.chunk' as const,
        created: 1,
        model: 'm',
        choices: [],
        usage,
      })),
  },
);

async function encode(parts: SseEncoderInput[]): Promise<Uint8Array> {
  const frames = await collect(
    streamOf(parts).pipeThrough(new SseEncoderStream()),
  );
  return new TextEncoder().encode(frames.join(''));
}

describe('SseEncoderStream + parseChatCompletionStream', () => {
  it('should round-trip generated chunk sequences: encode → decode → accumulate', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(chunk, fc.boolean()), { maxLength: 25 }),
        fc.uniqueArray(fc.nat({ max: 4000 }), { maxLength: 12 }),
        async (items, cuts) => {
          const chunks = items.map(([value]) => value);
          // Keep-alives between chunks must not change anything.
          const parts: SseEncoderInput<ChatCompletionChunk>[] = items.flatMap(
            ([value, ping]) => [
              ...(ping ? [{ type: 'keep-alive' as const }] : []),
              { type: 'data' as const, value },
            ],
          );
          const bytes = await encode(parts);
          const offsets = cuts
            .filter(offset => offset > 0 && offset < bytes.length)
            .sort((a, b) => a - b);
          const decoded = await collect(
            parseChatCompletionStream(streamOf(splitAt(bytes, offsets))),
          );
          expect(decoded.at(-1)).toEqual({ type: 'done' });
          const values = decoded.flatMap(part =>
            part.type === 'data' ? [part.value] : [],
          );
          expect(values).toEqual(chunks);
          expect(await accumulateChatCompletion(values)).toEqual(
            await accumulateChatCompletion(chunks),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
