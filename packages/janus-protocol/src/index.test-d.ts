import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod/v4';
import {
  type ChatStreamPart,
  type ExecResult,
  type JanusError,
  type JanusEventPayload,
  parseChatCompletionStream,
  type SandboxInfo,
  type sandboxInfoSchema,
  UpstreamError,
  type Usage,
} from './index';

describe('inferred types', () => {
  it('should give each Janus event its own payload type', () => {
    expectTypeOf<JanusEventPayload<'sandbox_end'>>().toEqualTypeOf<{
      sandbox_id: string;
      duration_ms: number;
    }>();
    expectTypeOf<JanusEventPayload<'status'>>().toEqualTypeOf<{
      message: string;
    }>();
  });

  it('should type Janus usage fields as optional numbers', () => {
    expectTypeOf<Usage['cost_usd']>().toEqualTypeOf<
      number | null | undefined
    >();
    expectTypeOf<Usage['total_tokens']>().toEqualTypeOf<number>();
  });

  it('should output the normalised Sandy shapes', () => {
    expectTypeOf<
      z.output<typeof sandboxInfoSchema>
    >().toEqualTypeOf<SandboxInfo>();
    expectTypeOf<ExecResult['exitCode']>().toEqualTypeOf<number>();
  });

  it('should decode into an async iterable of chat stream parts', () => {
    const stream = parseChatCompletionStream(new Response(''));
    expectTypeOf(stream).toExtend<AsyncIterable<ChatStreamPart>>();
    expectTypeOf(stream).toExtend<ReadableStream<ChatStreamPart>>();
    expectTypeOf<
      Extract<ChatStreamPart, { type: 'error' }>['error']
    >().toEqualTypeOf<JanusError>();
  });

  it('should narrow with isInstance', () => {
    const error: unknown = new Error('x');
    if (UpstreamError.isInstance(error))
      expectTypeOf(error).toEqualTypeOf<UpstreamError>();
  });
});
