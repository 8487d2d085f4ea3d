import { describe, expect, it, vi } from 'vitest';
import { SseParseError } from '../errors/sse-parse-error';
import { UpstreamError } from '../errors/upstream-error';
import {
  collect,
  collectWithReader,
  fixtures,
  splitAt,
  streamOf,
  toSseText,
  utf8,
} from './__fixtures__/index';
import { parseJsonEventStream } from './parse-json-event-stream';

const decodeText = (
  text: string,
  options: Parameters<typeof parseJsonEventStream>[1] = {},
) => collect(parseJsonEventStream(streamOf([utf8(text)]), options));

const dataValues = (parts: Array<{ type: string; value?: unknown }>) =>
  parts.filter(part => part.type === 'data').map(part => part.value);

describe('parseJsonEventStream', () => {
  it('should decode LF, CRLF and CR line endings alike', async () => {
    for (const eol of ['\n', '\r\n', '\r']) {
      const text = `data: {"a":1}${eol}${eol}data: {"a":2}${eol}${eol}data: [DONE]${eol}${eol}`;
      expect(await decodeText(text)).toEqual([
        { type: 'data', value: { a: 1 }, event: undefined, id: undefined },
        { type: 'data', value: { a: 2 }, event: undefined, id: undefined },
        { type: 'done' },
      ]);
    }
  });

  it('should ignore a UTF-8 BOM in bytes and in text sources', async () => {
    const text = 'data: {"a":1}\n\ndata: [DONE]\n\n';
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const bytes = new Uint8Array([...bom, ...utf8(text)]);
    for (const offset of [1, 2, 3, 4]) {
      const parts = await collect(
        parseJsonEventStream(streamOf(splitAt(bytes, [offset]))),
      );
      expect(dataValues(parts)).toEqual([{ a: 1 }]);
    }
    const fromText = await collect(
      parseJsonEventStream(streamOf(['', `\uFEFF${text}`])),
    );
    expect(dataValues(fromText)).toEqual([{ a: 1 }]);
  });

  it('should drop comments by default and emit keep-alive parts when asked', async () => {
    const text =
      ': ping\n\ndata: {"a":1}\n\n:\n\n:  two spaces\n\ndata: [DONE]\n\n';
    expect((await decodeText(text)).map(part => part.type)).toEqual([
      'data',
      'done',
    ]);
    expect(await decodeText(text, { keepAlives: true })).toEqual([
      { type: 'keep-alive', comment: 'ping' },
      { type: 'data', value: { a: 1 }, event: undefined, id: undefined },
      { type: 'keep-alive', comment: '' },
      { type: 'keep-alive', comment: ' two spaces' },
      { type: 'done' },
    ]);
  });

  it('should join multi-line data and keep event and id', async () => {
    const text =
      'event: agent\nid: 7\ndata: {"a":\ndata: [1,\ndata: 2]}\n\ndata: [DONE]\n\n';
    expect((await decodeText(text))[0]).toEqual({
      type: 'data',
      value: { a: [1, 2] },
      event: 'agent',
      id: '7',
    });
  });

  it('should decode UTF-8 characters split across chunks', async () => {
    const text = 'data: {"text":"é東京👋"}\n\ndata: [DONE]\n\n';
    const bytes = utf8(text);
    for (let offset = 1; offset < bytes.length; offset++) {
      const parts = await collect(
        parseJsonEventStream(streamOf(splitAt(bytes, [offset]))),
      );
      expect(dataValues(parts)).toEqual([{ text: 'é東京👋' }]);
    }
  });

  it('should emit nothing after [DONE] and cancel the source', async () => {
    let cancelled = false;
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(
          utf8(
            pulls === 1
              ? 'data: {"a":1}\n\ndata: [DONE]\n\ndata: {"a":2}\n\n'
              : 'data: {"a":3}\n\n',
          ),
        );
      },
      cancel() {
        cancelled = true;
      },
    });
    const parts = await collect(parseJsonEventStream(source));
    expect(parts.map(part => part.type)).toEqual(['data', 'done']);
    // An endless source: drained up to 64 KiB after [DONE], then cancelled.
    await vi.waitFor(() => expect(cancelled).toBe(true));
    expect(pulls).toBeGreaterThan((64 * 1024) / 16);
  });

  it('should read the rest of a body after [DONE] without cancelling it, and cancel a silent one after 1 s', async () => {
    vi.useFakeTimers();
    try {
      const cancels: string[] = [];
      const source = (name: string, rest: 'end' | 'stall') =>
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(utf8('data: {"a":1}\n\ndata: [DONE]\n\n'));
            if (rest === 'end')
              setTimeout(() => {
                controller.enqueue(utf8(': trailing\n\n'));
                controller.close();
              }, 500);
          },
          cancel() {
            cancels.push(name);
          },
        });
      const ended = await collect(parseJsonEventStream(source('ended', 'end')));
      const stalled = await collect(
        parseJsonEventStream(source('stalled', 'stall')),
      );
      // The `done` part does not wait for the rest of the body.
      expect(ended.map(part => part.type)).toEqual(['data', 'done']);
      expect(stalled.map(part => part.type)).toEqual(['data', 'done']);
      await vi.advanceTimersByTimeAsync(999);
      expect(cancels).toEqual([]);
      await vi.advanceTimersByTimeAsync(1);
      expect(cancels).toEqual(['stalled']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('should turn {"error":…} and event: error into UpstreamError parts', async () => {
    const text = [
      'data: {"error":{"message":"Rate limit","type":"rate_limit_error","code":"rate_limited","param":"model"}}',
      'event: error\ndata: {"message":"agent crashed"}',
      'event: error\ndata: sandbox gone',
      'data: {"error":{"message":"slow down","code":429}}',
      'data: {"error":{"message":"odd","code":"constructor"}}',
      'data: {"error":null,"ok":true}',
      'data: [DONE]',
    ].join('\n\n');
    const parts = await decodeText(`${text}\n\n`);
    const errors = parts.flatMap(part =>
      part.type === 'error' ? [part.error] : [],
    );
    expect(errors.every(error => UpstreamError.isInstance(error))).toBe(true);
    expect(
      errors.map(error => [error.message, error.code, error.param]),
    ).toEqual([
      ['Rate limit', 'rate_limited', 'model'],
      ['agent crashed', 'upstream_error', null],
      ['sandbox gone', 'upstream_error', null],
      ['slow down', 'rate_limited', null],
      ['odd', 'upstream_error', null],
    ]);
    expect(dataValues(parts)).toEqual([{ error: null, ok: true }]);
    const detectionOff = await decodeText(`${text}\n\n`, {
      detectErrorEvents: false,
    });
    expect(detectionOff.filter(part => part.type === 'error')).toHaveLength(1);
  });

  it('should report malformed JSON with the offending line and go on', async () => {
    const parts = await decodeText(
      'data: {"a":1\n\ndata: {"a":2}\n\ndata: [DONE]\n\n',
    );
    expect(parts.map(part => part.type)).toEqual(['error', 'data', 'done']);
    const error = parts[0]?.type === 'error' ? parts[0].error : undefined;
    expect(SseParseError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'invalid_json',
      line: '{"a":1',
      code: 'invalid_response',
    });
  });

  it('should report a stream that ends without [DONE]', async () => {
    const parts = await decodeText('data: {"a":1}\n\n');
    expect(parts.map(part => part.type)).toEqual(['data', 'error']);
    expect(parts[1]).toMatchObject({
      error: { kind: 'unexpected_end', code: 'stream_error' },
    });
    expect(
      await decodeText('data: {"type":"complete"}\n\n', { requireDone: false }),
    ).toHaveLength(1);
  });

  it('should deliver a last event that lacks its blank line', async () => {
    const parts = await decodeText('data: {"a":1}\n\ndata: {"a":2}');
    expect(dataValues(parts)).toEqual([{ a: 1 }, { a: 2 }]);
    const cut = await decodeText('data: {"a":1}\n\ndata: {"a":');
    expect(cut.map(part => part.type)).toEqual(['data', 'error', 'error']);
    expect(cut[1]).toMatchObject({ error: { kind: 'invalid_json' } });
  });

  it('should stop with event_too_large when an event exceeds maxEventSize', async () => {
    const big = `data: {"text":"${'x'.repeat(200)}"}\n\n`;
    const text = `data: {"a":1}\n\n${big}data: {"a":2}\n\ndata: [DONE]\n\n`;
    // Whole in one piece, and trickled in small pieces (buffered by the parser).
    const pieces = [[utf8(text)], splitAt(utf8(text), [20, 40, 60, 80, 100])];
    for (const input of pieces) {
      let cancelled = false;
      const source = streamOf(input);
      const parts = await collect(
        parseJsonEventStream(
          new ReadableStream<Uint8Array>({
            pull: async controller => {
              const reader = source.getReader();
              const result = await reader.read();
              reader.releaseLock();
              if (result.done) controller.close();
              else controller.enqueue(result.value);
            },
            cancel: () => {
              cancelled = true;
            },
          }),
          { maxEventSize: 100 },
        ),
      );
      expect(parts.map(part => part.type)).toEqual(['data', 'error']);
      expect(parts[1]).toMatchObject({
        error: { kind: 'event_too_large', code: 'stream_error' },
      });
      expect(cancelled).toBe(true);
    }
  });

  it('should end with a read_failed part when the source errors', async () => {
    let pulls = 0;
    const source = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pulls++ === 0) controller.enqueue(utf8('data: {"a":1}\n\n'));
        else controller.error(new TypeError('socket hang up'));
      },
    });
    const parts = await collect(parseJsonEventStream(source));
    expect(parts.map(part => part.type)).toEqual(['data', 'error']);
    expect(parts[1]).toMatchObject({
      error: {
        kind: 'read_failed',
        message: 'Reading the stream failed: socket hang up',
      },
    });
  });

  it('should cancel the source when the result is cancelled or left early', async () => {
    const reasons: unknown[] = [];
    const endless = () =>
      new ReadableStream<Uint8Array>({
        pull: controller => controller.enqueue(utf8('data: {"a":1}\n\n')),
        cancel: reason => {
          reasons.push(reason);
        },
      });
    const stream = parseJsonEventStream(endless());
    const reader = stream.getReader();
    expect((await reader.read()).value).toMatchObject({ type: 'data' });
    await reader.cancel('client went away');
    for await (const part of parseJsonEventStream(endless())) {
      expect(part.type).toBe('data');
      break;
    }
    expect(reasons).toEqual(['client went away', undefined]);
  });

  it('should decode a Response and report a Response without body', async () => {
    const response = new Response('data: {"a":1}\n\ndata: [DONE]\n\n', {
      headers: { 'content-type': 'text/event-stream' },
    });
    expect(dataValues(await collect(parseJsonEventStream(response)))).toEqual([
      { a: 1 },
    ]);
    const parts = await collect(parseJsonEventStream(new Response(null)));
    expect(parts).toHaveLength(1);
    expect(parts[0]).toMatchObject({ error: { kind: 'read_failed' } });
  });

  it('should serve the same parts through its reader, then its iterator', async () => {
    const stream = parseJsonEventStream(
      streamOf([utf8('data: {"a":1}\n\ndata: {"a":2}\n\ndata: [DONE]\n\n')]),
    );
    const reader = stream.getReader();
    const first = await reader.read();
    reader.releaseLock();
    const rest = await collect(stream as AsyncIterable<unknown>);
    expect(
      [first.value, ...rest].map(part => (part as { type: string }).type),
    ).toEqual(['data', 'data', 'done']);
  });

  it('should pipe through other streams', async () => {
    const types = await collect(
      parseJsonEventStream(
        streamOf([utf8('data: {"a":1}\n\ndata: [DONE]\n\n')]),
      ).pipeThrough(
        new TransformStream<{ type: string }, string>({
          transform: (part, controller) => controller.enqueue(part.type),
        }),
      ),
    );
    expect(types).toEqual(['data', 'done']);
  });

  it('should validate with a schema', async () => {
    const { z } = await import('zod/v4');
    const parts = await decodeText(
      'data: {"n":1}\n\ndata: {"n":"x"}\n\ndata: [DONE]\n\n',
      { schema: z.object({ n: z.number() }), subject: 'counter' },
    );
    expect(parts.map(part => part.type)).toEqual(['data', 'error', 'done']);
    expect(parts[1]).toMatchObject({
      error: { name: 'ProtocolValidationError', param: 'n' },
    });
    expect((parts[1] as { error: Error }).error.message).toMatch(
      /^Invalid counter at 'n'/,
    );
  });

  it('should yield the same parts through getReader() as through for await', async () => {
    const failing = () => {
      let pulls = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulls++ === 0) controller.enqueue(utf8('data: {"a":1}\n\n'));
          else controller.error(new Error('reset'));
        },
      });
    };
    const inputs: Array<[string, () => ReadableStream<Uint8Array>]> = [
      ...Object.entries(fixtures).map(
        ([name, lines]) =>
          [
            name,
            () =>
              streamOf(
                splitAt(
                  utf8(toSseText(lines, { pingEvery: 2 })),
                  [7, 100, 333],
                ),
              ),
          ] as [string, () => ReadableStream<Uint8Array>],
      ),
      ['no done', () => streamOf([utf8('data: {"a":1}\n\ndata: {')])],
      ['too large', () => streamOf([utf8(`data: "${'x'.repeat(50)}"\n\n`)])],
      ['read failed', failing],
    ];
    for (const [name, input] of inputs) {
      const options = { keepAlives: true, maxEventSize: 40 };
      const viaIterator = await collect(
        parseJsonEventStream(
          input(),
          name === 'too large' ? options : { keepAlives: true },
        ),
      );
      const viaReader = await collectWithReader(
        parseJsonEventStream(
          input(),
          name === 'too large' ? options : { keepAlives: true },
        ),
      );
      expect(viaReader, name).toEqual(viaIterator);
      expect(viaIterator.length, name).toBeGreaterThan(0);
    }
  });
});
