import { SseParseError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { createToolCallIdRepairFetch } from './create-tool-call-id-repair-fetch';
import { startSseUpstream } from './test/start-sse-upstream';

const GIVEN_ID = /call_[0-9a-f]{24}/;
const GIVEN_IDS = new RegExp(GIVEN_ID, 'g');

const chunk = (delta: object) => ({
  id: 'chatcmpl-framing',
  object: 'chat.completion.chunk',
  created: 0,
  model: 'framing',
  choices: [{ index: 0, delta, finish_reason: null }],
});
/** A chunk whose tool call `index` starts, without an id (`id` adds one). */
const start = (index: number, id?: string) =>
  chunk({
    tool_calls: [
      {
        index,
        type: 'function',
        function: { name: 'write_file', arguments: '' },
        ...(id === undefined ? {} : { id }),
      },
    ],
  });
const json = (value: unknown) => JSON.stringify(value);

/** Call 1's start, split over two `data:` lines between two JSON tokens. */
const split = json(start(1)).indexOf('"choices":');
const secondStart = [
  json(start(1)).slice(0, split),
  json(start(1)).slice(split),
];

/**
 * An upstream body that uses what SSE allows: a BOM, comments with and
 * without a space, `retry:`, `event:` and `id:` fields (before and after the
 * data), `data:` without a space, an unknown field, CRLF and bare CR line
 * ends, multi-line data, multibyte text, a payload that is not JSON. Two
 * events start a tool call without an id (`start(0)`, `start(1)`); with
 * `ids`, the expected output, where only their data lines differ.
 */
function body(ids?: [string, string]): string {
  const first = ids === undefined ? start(0) : start(0, ids[0]);
  const second =
    ids === undefined ? secondStart.join('\r\ndata: ') : json(start(1, ids[1]));
  return [
    '\uFEFF:ping\n\n',
    'retry: 3000\n\n',
    ': keep-alive\r\n\r\n',
    `event: message\r\nid: 7\r\ndata: ${json(first)}\r\nid:8\r\n\r\n`,
    `data:${json(chunk({ tool_calls: [{ index: 0, function: { arguments: '{}' } }] }))}\n\n`,
    `retry: 1000\r\ndata: ${second}\r\n: inside an event\r\n\r\n`,
    `unknown: field\rdata: ${json(chunk({ content: 'héllo ✓ 😀' }))}\r\r`,
    ':\n',
    'data: {"choices": [\n\n',
    'data: [DONE]\n\n',
  ].join('');
}

/** The ids the repair gave, in order; two different ones. */
function givenIds(text: string): [string, string] {
  const ids = text.match(GIVEN_IDS) ?? [];
  expect(ids).toHaveLength(2);
  expect(ids[0]).not.toBe(ids[1]);
  return ids as [string, string];
}

/** The body as sent, BOM included (`Response.text()` would drop it). */
async function textOf(response: Response): Promise<string> {
  return new TextDecoder('utf-8', { ignoreBOM: true }).decode(
    await response.arrayBuffer(),
  );
}

/** A `fetch` answering an SSE body made of `chunks`, exactly as split. */
function streaming(chunks: Uint8Array[]): typeof fetch {
  return async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of chunks) controller.enqueue(piece);
          controller.close();
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
}

/** Reads until the text so far satisfies `done`; returns it. */
async function readUntil(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  done: (text: string) => boolean,
): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  while (!done(text)) {
    const result = await reader.read();
    if (result.done) throw new Error(`The body ended after ${json(text)}`);
    text += decoder.decode(result.value, { stream: true });
  }
  return text;
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>(resolve => {
    open = resolve;
  });
  return { open, opened };
}

describe('createToolCallIdRepairFetch (SSE framing)', () => {
  it('should pass everything but the repaired data lines through as the upstream sent it', async () => {
    const sent = body();
    await using upstream = await startSseUpstream(response => {
      // One write per event, as an LLM server flushes them.
      for (const event of sent.split(/(?<=\n\n|\r\n\r\n|\r\r)/))
        response.write(event);
      response.end();
    });
    const response = await createToolCallIdRepairFetch()(upstream.url, {
      method: 'POST',
    });
    const text = await textOf(response);
    expect(text).toBe(body(givenIds(text)));
  });

  it('should keep the framing wherever the network splits the bytes', async () => {
    const bytes = new TextEncoder().encode(body());
    for (let at = 0; at <= bytes.length; at++) {
      const repaired = createToolCallIdRepairFetch({
        fetch: streaming([bytes.subarray(0, at), bytes.subarray(at)]),
      });
      const text = await textOf(await repaired('http://llm.test/v1'));
      // `at` in the message names the split that failed.
      expect({ at, text }).toEqual({ at, text: body(givenIds(text)) });
    }
  });

  it.each(['', '\r', '\n', '\r\n'])(
    'should repair a last event cut off after its data line (line end %j)',
    async end => {
      const repaired = createToolCallIdRepairFetch({
        fetch: streaming([
          new TextEncoder().encode(`: ping\ndata: ${json(start(0))}${end}`),
        ]),
      });
      const text = await textOf(await repaired('http://llm.test/v1'));
      const id = text.match(GIVEN_ID)?.[0];
      expect(id).toBeDefined();
      expect(text).toBe(`: ping\ndata: ${json(start(0, id))}${end}`);
    },
  );

  it('should repair a first event that follows a BOM, and keep the BOM', async () => {
    const repaired = createToolCallIdRepairFetch({
      fetch: streaming([
        new TextEncoder().encode(`\uFEFFdata: ${json(start(0))}\n\n`),
      ]),
    });
    const text = await textOf(await repaired('http://llm.test/v1'));
    const id = text.match(GIVEN_ID)?.[0];
    expect(id).toBeDefined();
    expect(text).toBe(`\uFEFFdata: ${json(start(0, id))}\n\n`);
  });

  it('should end the body with an SseParseError on an event over 8 MiB', async () => {
    const repaired = createToolCallIdRepairFetch({
      fetch: streaming([
        new TextEncoder().encode(`data: "${'x'.repeat(8 * 1024 * 1024)}"\n\n`),
      ]),
    });
    const error = await (await repaired('http://llm.test/v1'))
      .text()
      .catch((error: unknown) => error);
    expect(SseParseError.isInstance(error)).toBe(true);
    expect((error as SseParseError).kind).toBe('event_too_large');
  });

  it('should end the body and cancel the upstream when an event never ends', async () => {
    let cancelled = false;
    let sent = 0;
    const megabyte = new TextEncoder().encode('x'.repeat(1024 * 1024));
    const endless: typeof fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            // 64 MiB of one data line, then silence: never a line end.
            if (sent === 64) return new Promise(() => {});
            controller.enqueue(
              sent++ === 0 ? new TextEncoder().encode('data: "') : megabyte,
            );
          },
          cancel() {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const response = await createToolCallIdRepairFetch({ fetch: endless })(
      'http://llm.test/v1',
    );
    const error = await response.text().catch((error: unknown) => error);
    expect(SseParseError.isInstance(error)).toBe(true);
    expect((error as SseParseError).kind).toBe('event_too_large');
    expect(cancelled).toBe(true);
    // It stopped reading at the limit, well before the 64 MiB.
    expect(sent).toBeLessThan(16);
  });

  it('should send a comment on at once and an event as soon as it is complete', async () => {
    const [ping, rest] = [gate(), gate()];
    const event = json(start(0));
    await using upstream = await startSseUpstream(async response => {
      response.write(':ping\n');
      await ping.opened;
      // The event's data line in two pieces, then its blank line.
      response.write(`data: ${event.slice(0, 20)}`);
      response.write(`${event.slice(20)}\n`);
      response.write('\n');
      await rest.opened;
      response.end('data: [DONE]\n\n');
    });
    const response = await createToolCallIdRepairFetch()(upstream.url);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    // Each read below would wait forever if the body were held back.
    expect(await readUntil(reader, text => text.includes('ping'))).toBe(
      ':ping\n',
    );
    ping.open();
    const repaired = await readUntil(reader, text => text.endsWith('\n\n'));
    const id = repaired.match(GIVEN_ID)?.[0];
    expect(id).toBeDefined();
    expect(repaired).toBe(`data: ${json(start(0, id))}\n\n`);
    rest.open();
    expect(await readUntil(reader, text => text.endsWith('[DONE]\n\n'))).toBe(
      'data: [DONE]\n\n',
    );
  });

  it.each(['cancel', 'abort'] as const)(
    'should stop the upstream when the consumer stops reading (%s)',
    async how => {
      await using upstream = await startSseUpstream(response => {
        // An event, then part of one, and never an end.
        response.write(`data: ${json(start(0))}\n\n`);
        response.write(`data: ${json(start(1)).slice(0, 20)}`);
      });
      const controller = new AbortController();
      const response = await createToolCallIdRepairFetch()(upstream.url, {
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      expect(await readUntil(reader, text => text.endsWith('\n\n'))).toMatch(
        GIVEN_ID,
      );
      if (how === 'cancel') await reader.cancel();
      else {
        controller.abort();
        await expect(reader.read()).rejects.toThrow();
      }
      await upstream.closed;
    },
  );
});
