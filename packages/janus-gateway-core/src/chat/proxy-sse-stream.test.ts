import { JsonEventDecoder, type SseStreamPart } from '@janus/protocol';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InMemoryArtifactIndex } from '../artifacts/artifact-index';
import { ArtifactRewriter } from '../artifacts/artifact-rewriter';
import {
  PUSH_SOURCE,
  type PushSource,
  type PushSourceHandlers,
} from '../internal/direct-io';
import { createMemoryLogger } from '../observability/logger';
import {
  createProxySseBody,
  type ProxyStreamOutcome,
} from './proxy-sse-stream';

/**
 * The relay frames the common events itself and leaves the rest to the
 * protocol's decoder. These tests hold it to the decoder's reading of the
 * same input, whatever the framing and however the input is cut.
 */

/**
 * A push source that delivers `pieces` one per macrotask, honouring pause,
 * then ends (or, with `hold`, stays open).
 */
function piecesSource(
  pieces: readonly (string | Uint8Array)[],
  hold = false,
): PushSource {
  let handlers: PushSourceHandlers | undefined;
  let paused = false;
  let stopped = false;
  let next = 0;
  const step = () => {
    if (stopped || paused || handlers === undefined) return;
    if (next === pieces.length) {
      if (hold) return;
      stopped = true;
      handlers.end();
      return;
    }
    handlers.data(pieces[next++]!);
    setImmediate(step);
  };
  return {
    start(value) {
      handlers = value;
      setImmediate(step);
    },
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      setImmediate(step);
    },
    cancel() {
      stopped = true;
    },
  };
}

/** Runs `pieces` through the relay; its output text and outcome. */
async function relay(
  pieces: readonly (string | Uint8Array)[],
  options: { maxEventSize?: number } = {},
): Promise<{ text: string; outcome: ProxyStreamOutcome }> {
  let outcome: ProxyStreamOutcome | undefined;
  const proxy = proxyOf(piecesSource(pieces), {
    ...options,
    onFinish: value => {
      outcome = value;
    },
  });
  const text = await new Response(proxy.body()).text();
  return { text, outcome: outcome! };
}

function proxyOf(
  source: PushSource,
  options: {
    maxEventSize?: number;
    onFinish?: (outcome: ProxyStreamOutcome) => void;
  } = {},
) {
  const response = Object.assign(new Response(null), {
    [PUSH_SOURCE]: () => source,
  });
  return createProxySseBody({
    connection: Promise.resolve({
      response,
      attemptStartedAt: Date.now(),
    } as never),
    abortUpstream: () => {},
    keepAliveIntervalMs: 0,
    firstByteMs: 0,
    idleMs: 0,
    totalMs: 0,
    deadline: Number.POSITIVE_INFINITY,
    maxEventSize: options.maxEventSize,
    rewriter: new ArtifactRewriter({
      index: new InMemoryArtifactIndex(),
      competitorId: 'alpha',
      competitorUrl: 'http://alpha.test',
      publicBaseUrl: 'http://gateway.test',
      logger: createMemoryLogger(),
      requestId: 'req',
    }),
    onFirstData: () => {},
    onFinish: options.onFinish ?? (() => {}),
  });
}

/** How the decoder reads a whole stream: data values, then how it ended. */
function decodeAll(
  text: string,
  detectErrorEvents = true,
): {
  values: unknown[];
  end: 'done' | 'end' | { code: string };
} {
  const decoder = new JsonEventDecoder<unknown>({
    requireDone: false,
    detectErrorEvents,
  });
  const parts: SseStreamPart<unknown>[] = [];
  decoder.push(text, part => parts.push(part));
  decoder.end(part => parts.push(part));
  const values: unknown[] = [];
  for (const part of parts) {
    if (part.type === 'data') values.push(part.value);
    else if (part.type === 'done') return { values, end: 'done' };
    else if (part.type === 'error')
      return { values, end: { code: part.error.code } };
  }
  return { values, end: 'end' };
}

/** What the relay's output says: the data values, and its final error's code. */
function readOutput(text: string): { values: unknown[]; error?: string } {
  // The relay's own error event is read as data, to see its code.
  const { values, end } = decodeAll(text, false);
  expect(end).toBe('done');
  const last = values.at(-1) as { error?: { code?: string } } | undefined;
  if (last?.error !== undefined && typeof last.error === 'object')
    return { values: values.slice(0, -1), error: last.error.code };
  return { values };
}

const chunk = (content: string) =>
  JSON.stringify({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content }, finish_reason: null }],
  });

/** One event's lines (no line ends), of every kind the relay meets. */
const eventLines: fc.Arbitrary<readonly string[]> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .string({ unit: 'binary' })
      .map(text => [`data: ${chunk(text)}`]),
  },
  {
    weight: 2,
    arbitrary: fc
      .jsonValue({ maxDepth: 4 })
      .map(value => [`data: ${JSON.stringify(value)}`]),
  },
  fc.constant([': ping']),
  fc.constant([':keep-alive']),
  fc.constant(['data:{"a":1}']),
  fc.constant(['data:  {"a": [1, 2.5e-3, true, null]}']),
  fc.constant([
    'data: {"choices":[{"delta":{"janus":{"event":"status","payload":{}}}}]}',
  ]),
  fc.constant([
    'data: {"error":{"message":"boom","code":"rate_limit_exceeded"}}',
  ]),
  fc.constant([
    'data: {"\\u0065rror":{"message":"escaped","code":"overloaded"}}',
  ]),
  fc.constant(['data: {"error":"a string error is data"}']),
  fc.constant(['data: {"nested":{"error":{"message":"not top-level"}}}']),
  fc.constant(['data: {nope']),
  fc.constant(['data: {"a":1} trailing']),
  fc.constant(['data: [DONE]']),
  fc.constant(['data: {"a":', 'data: 1}']),
  fc.constant(['event: message', `data: ${chunk('named')}`]),
  fc.constant(['id: 7', `data: ${chunk('with id')}`]),
  fc.constant(['retry: 100']),
  fc.constant(['event: error', 'data: plain text failure']),
  fc.constant([': a comment', `data: ${chunk('after a comment')}`]),
);

/** An SSE stream in one framing, cut into pieces as text or as bytes. */
const streams = fc
  .record({
    events: fc.array(eventLines, { maxLength: 12 }),
    lineEnd: fc.constantFrom('\n', '\n', '\n', '\r\n', '\r'),
    extraBlankLines: fc.boolean(),
    bom: fc.boolean(),
    unterminated: fc.boolean(),
    cuts: fc.array(fc.nat(), { maxLength: 8 }),
    bytes: fc.boolean(),
  })
  .map(
    ({ events, lineEnd, extraBlankLines, bom, unterminated, cuts, bytes }) => {
      let text = events
        .map(
          lines =>
            lines.join(lineEnd) +
            lineEnd +
            lineEnd +
            (extraBlankLines ? lineEnd : ''),
        )
        .join('');
      if (unterminated && text.endsWith(lineEnd + lineEnd))
        text = text.slice(0, -2 * lineEnd.length);
      if (bom) text = `\uFEFF${text}`;
      return {
        text,
        pieces: cut(bytes ? new TextEncoder().encode(text) : text, cuts),
      };
    },
  );

function cut<T extends string | Uint8Array>(whole: T, cuts: number[]): T[] {
  const points = [
    ...new Set(cuts.map(point => point % (whole.length + 1))),
  ].sort((a, b) => a - b);
  const pieces: T[] = [];
  let from = 0;
  for (const point of [...points, whole.length]) {
    pieces.push(whole.slice(from, point) as T);
    from = point;
  }
  return pieces.filter(piece => piece.length > 0);
}

describe('the stream relay', () => {
  it('should read every stream as the decoder does, however it is framed and cut', async () => {
    await fc.assert(
      fc.asyncProperty(streams, async ({ text, pieces }) => {
        const expected = decodeAll(text);
        const { text: output, outcome } = await relay(pieces);
        const actual = readOutput(output);
        expect(actual.values).toEqual(expected.values);
        if (typeof expected.end === 'object') {
          expect(actual.error).toBe(expected.end.code);
          expect(outcome.error?.code).toBe(expected.end.code);
        } else {
          expect(actual.error).toBeUndefined();
          expect(outcome.error).toBeUndefined();
          expect(outcome.appendedDone).toBe(expected.end === 'end');
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should forward each event as it arrives, in every framing', async () => {
    for (const lineEnd of ['\n', '\r\n', '\r']) {
      for (const event of [
        `data: ${chunk('first')}`,
        `event: message${lineEnd}data: ${chunk('first')}`,
      ]) {
        const proxy = proxyOf(
          // A lone CR may be the start of a CRLF: eventsource-parser settles
          // it when the next line ends (a comment here).
          piecesSource([`${event}${lineEnd}${lineEnd}`, `:${lineEnd}`], true),
        );
        const reader = proxy.body().getReader();
        const { value } = await reader.read();
        expect(
          readOutput(`${new TextDecoder().decode(value)}data: [DONE]\n\n`)
            .values,
        ).toEqual([JSON.parse(chunk('first'))]);
        await reader.cancel();
      }
    }
  });

  it('should forward data and comment events byte for byte', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc
              .string({ unit: 'binary' })
              .map(text => `data: ${chunk(text)}\n\n`),
            fc.constantFrom(
              ':ping\n\n',
              ': keep-alive\n\n',
              'data:{"a":1}\n\n',
            ),
          ),
          { minLength: 1, maxLength: 10 },
        ),
        fc.array(fc.nat(), { maxLength: 6 }),
        async (events, cuts) => {
          const text = events.join('');
          const { text: output } = await relay(cut(text, cuts));
          expect(output).toBe(`${text}data: [DONE]\n\n`);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should keep the events behind an artifacts event in order while it is rewritten', async () => {
    const artifacts = JSON.stringify({
      id: 'c',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          delta: {
            janus: {
              event: 'artifacts',
              payload: {
                items: [
                  {
                    id: 'artf_a1',
                    type: 'file',
                    display_name: 'report.txt',
                    mime_type: 'text/plain',
                    size_bytes: 5,
                    sha256: 'a'.repeat(64),
                    url: 'http://alpha.test/artifacts/a1',
                    created_at: '2026-01-01T00:00:00Z',
                    ttl_seconds: 60,
                  },
                ],
              },
            },
          },
          finish_reason: null,
        },
      ],
    });
    const { text } = await relay([
      `data: ${chunk('before')}\n\ndata: ${artifacts}\n\ndata: ${chunk('after')}\n\n`,
      `data: ${chunk('last')}\n\ndata: [DONE]\n\n`,
    ]);
    const { values } = readOutput(text);
    expect(values).toHaveLength(4);
    const url = (
      values[1] as {
        choices: {
          delta: { janus: { payload: { items: { url: string }[] } } };
        }[];
      }
    ).choices[0]!.delta.janus.payload.items[0]!.url;
    expect(url).toMatch(/^http:\/\/gateway\.test\/v1\/artifacts\/artf_/);
    expect(text).toContain(
      `data: ${chunk('after')}\n\ndata: ${chunk('last')}\n\ndata: [DONE]\n\n`,
    );
  });

  it('should fail an event over the size limit, whole or arriving in pieces', async () => {
    const big = `data: ${chunk('x'.repeat(2000))}\n\n`;
    for (const pieces of [[big], cut(big, [100, 900, 1500])]) {
      const { outcome } = await relay(pieces, { maxEventSize: 1000 });
      expect(outcome.error?.message).toContain('maximum size of 1000');
    }
    const { outcome } = await relay([big], { maxEventSize: 4000 });
    expect(outcome.error).toBeUndefined();
  });

  it('should read an event larger than 64 KiB that arrives in pieces', async () => {
    const content = 'y'.repeat(200_000);
    const text = `data: ${chunk('first')}\n\ndata: ${chunk(content)}\n\ndata: ${chunk('next')}\n\ndata: [DONE]\n\n`;
    const { text: output, outcome } = await relay(
      cut(text, [70, 30_000, 90_000, 150_000]),
    );
    expect(outcome.error).toBeUndefined();
    expect(
      readOutput(output).values.map(
        value =>
          (value as { choices: { delta: { content: string } }[] }).choices[0]!
            .delta.content,
      ),
    ).toEqual(['first', content, 'next']);
  });

  it('should ignore what follows [DONE]', async () => {
    const { text, outcome } = await relay([
      `data: ${chunk('a')}\n\ndata: [DONE]\n\ndata: ${chunk('b')}\n\n`,
      'data: {nope\n\n',
    ]);
    expect(text).toBe(`data: ${chunk('a')}\n\ndata: [DONE]\n\n`);
    expect(outcome).toEqual({ cancelled: false, appendedDone: false });
  });
});
