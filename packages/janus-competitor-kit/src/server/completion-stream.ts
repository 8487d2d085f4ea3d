import {
  type Artifact,
  type ChatCompletionChunk,
  type ChatCompletionDelta,
  type FinishReason,
  type JanusEventName,
  type JanusEventPayload,
  janusEventSchema,
  ProtocolValidationError,
  type ToolCallDelta,
  type Usage,
} from '@janus/protocol';
import { createChunkFactory } from '../internal/create-chunk-factory';
import { randomId } from '../internal/random-id';

/**
 * The writer a competitor's `handle` gets: every method appends to the
 * answer, streamed as `chat.completion.chunk`s (or accumulated for a
 * non-stream request). The role chunk goes first and `[DONE]` last on their
 * own. Writes (content, reasoning, events, tool calls, artifacts) after the
 * answer closed are ignored: after `finish()`, `error()`, or the client's
 * disconnect. `usage()` still counts after `finish()`.
 */
export interface CompletionStream {
  /** A piece of the answer (`delta.content`). */
  content(text: string): void;
  /** A piece of the reasoning / agent steps (`delta.reasoning_content`). */
  reasoning(text: string): void;
  /** A typed Janus event (`delta.janus`), validated against the protocol schema. */
  event<Name extends JanusEventName>(
    name: Name,
    payload: JanusEventPayload<Name>,
  ): void;
  /** A complete tool call; `arguments` objects are JSON-encoded. */
  toolCall(call: {
    id?: string;
    name: string;
    arguments: string | Record<string, unknown>;
  }): void;
  /** A raw tool-call fragment (forwarding an upstream stream). */
  toolCallDelta(delta: ToolCallDelta): void;
  /** Files produced: the Janus `artifacts` event. */
  artifacts(items: Artifact[]): void;
  /** Adds usage; numeric fields are summed over calls (LLM tokens + sandbox seconds). */
  usage(usage: Partial<Usage>): void;
  /** Ends the answer with an error (HTTP error before the first byte, else an error event). */
  error(error: unknown): void;
  /**
   * Writes the finish chunk (default `stop`, or `tool_calls` after tool
   * calls) and closes the answer: later writes are ignored (usage still counts).
   */
  finish(reason?: FinishReason): void;
  /** Resolves when the client can take more (backpressure); await it in tight loops. */
  ready(): Promise<void>;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
}

/** Where a {@link CompletionStream} writes to (SSE body or accumulator). */
export interface CompletionSink {
  write(chunk: ChatCompletionChunk): void;
  ready(): Promise<void>;
}

/** @internal The writer plus what the kit needs to drive it. */
export interface CompletionStreamController extends CompletionStream {
  /** The error passed to `error()`, if any. */
  readonly failure: { error: unknown } | undefined;
  /** Whether `finish()` ran. */
  readonly finished: boolean;
  /** The summed usage, if any was reported. */
  readonly totalUsage: Usage | undefined;
  /** Writes the role chunk now, if nothing was written yet. */
  begin(): void;
  /** The usage chunk (`choices: []`). */
  usageChunk(usage: Usage): ChatCompletionChunk;
}

/** @internal Creates the writer over a sink. */
export function createCompletionStream(options: {
  id: string;
  model: string;
  created: number;
  sink: CompletionSink;
  signal: AbortSignal;
}): CompletionStreamController {
  const { id, model, created, sink } = options;
  let started = false;
  let sawContent = false;
  let finished = false;
  let toolCalls = 0;
  let failure: { error: unknown } | undefined;
  let totalUsage: Usage | undefined;
  const closed = () => failure !== undefined || options.signal.aborted;
  const factory = createChunkFactory({ id, created, model });
  const chunk = factory.delta;
  const begin = () => {
    if (started || closed()) return;
    started = true;
    sink.write(chunk({ role: 'assistant' }));
  };
  const write = (delta: ChatCompletionDelta) => {
    if (finished || closed()) return;
    begin();
    sink.write(chunk(delta));
  };

  return {
    signal: options.signal,
    get failure() {
      return failure;
    },
    get finished() {
      return finished;
    },
    get totalUsage() {
      return totalUsage;
    },
    content: text => {
      if (!text) return;
      sawContent = true;
      write({ content: text });
    },
    reasoning: text => {
      if (text) write({ reasoning_content: text });
    },
    event: (name, payload) => {
      // Strict schemas: a malformed event is a bug in the handler. The client
      // gets a 502 `invalid_response` (the competitor sent bad data) whose
      // message names the event and the field, not a raw ZodError.
      const event = { event: name, payload };
      const checked = janusEventSchema.safeParse(event);
      if (!checked.success)
        throw new ProtocolValidationError({
          subject: `Janus event '${name}'`,
          value: event,
          cause: checked.error,
          code: 'invalid_response',
        });
      write({ janus: checked.data });
    },
    toolCall: call => {
      if (finished) return;
      const index = toolCalls++;
      write({
        tool_calls: [
          {
            index,
            id: call.id ?? `call_${randomId(24)}`,
            type: 'function',
            function: {
              name: call.name,
              arguments:
                typeof call.arguments === 'string'
                  ? call.arguments
                  : JSON.stringify(call.arguments),
            },
          },
        ],
      });
    },
    toolCallDelta: delta => {
      if (finished) return;
      toolCalls = Math.max(toolCalls, delta.index + 1);
      write({ tool_calls: [delta] });
    },
    artifacts: items => {
      if (items.length > 0)
        write({ janus: { event: 'artifacts', payload: { items } } });
    },
    usage: usage => {
      totalUsage = sumUsage(totalUsage, usage);
    },
    error: error => {
      if (!closed()) failure = { error };
    },
    finish: reason => {
      if (finished || closed()) return;
      // An answer without text says so with "" (the finish chunk alone would
      // leave `content` null, which only tool calls should).
      if (!sawContent && toolCalls === 0) write({ content: '' });
      finished = true;
      sink.write(chunk({}, reason ?? (toolCalls > 0 ? 'tool_calls' : 'stop')));
    },
    ready: () => sink.ready(),
    begin,
    usageChunk: factory.usage,
  };
}

function sumUsage(total: Usage | undefined, add: Partial<Usage>): Usage {
  const sum = (a?: number | null, b?: number | null) =>
    a == null && b == null ? undefined : (a ?? 0) + (b ?? 0);
  const prompt = sum(total?.prompt_tokens, add.prompt_tokens) ?? 0;
  const completion = sum(total?.completion_tokens, add.completion_tokens) ?? 0;
  const cost = sum(total?.cost_usd, add.cost_usd);
  const sandbox = sum(total?.sandbox_seconds, add.sandbox_seconds);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    ...(cost !== undefined && { cost_usd: roundCost(cost) }),
    ...(sandbox !== undefined && { sandbox_seconds: sandbox }),
  };
}

/** Float sums of prices drift (0.1 + 0.2); 1e-9 dollars is far below any price. */
function roundCost(cost: number): number {
  return Math.round(cost * 1e9) / 1e9;
}
