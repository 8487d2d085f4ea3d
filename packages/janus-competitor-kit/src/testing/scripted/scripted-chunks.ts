import type {
  ChatCompletionChunk,
  ChatCompletionDelta,
  JanusError,
  Usage,
} from '@janus/protocol';
import { createChunkFactory } from '../../internal/create-chunk-factory';
import { createPacer, type ScriptedPace } from './create-pacer';
import { splitPieces } from './read-prompt';
import type { ScriptedReply } from './scripted-reply';

/** One step of a scripted stream: a chunk, or the final in-stream error. */
export type ScriptedStreamPart =
  | { type: 'chunk'; chunk: ChatCompletionChunk }
  | { type: 'error'; error: JanusError };

/** Size of the slices tool-call arguments are streamed in. */
const argumentSliceLength = 24;

/** A delta of the reply and whether it counts as a completion token. */
type Step =
  | { delta: ChatCompletionDelta; counted: boolean }
  | { error: JanusError };

/**
 * Turns a planned reply into `chat.completion.chunk`s, paced: the role chunk
 * at once, then the reasoning preamble, the content in word-sized pieces (or
 * tool calls), the finish chunk and, when asked, the usage chunk. Every piece
 * waits on the pacer, which rejects when `signal` aborts. With `maxTokens`,
 * the output ends after that many counted pieces (reasoning included, as for
 * `max_completion_tokens`) with finish reason `length` when more would follow.
 */
export async function* scriptedChunks(options: {
  reply: Extract<ScriptedReply, { kind: 'answer' }>;
  id: string;
  created: number;
  model: string;
  promptTokens: number;
  includeUsage: boolean;
  pace: ScriptedPace;
  signal: AbortSignal;
  /** `max_tokens`/`max_completion_tokens` (the smaller when both are set). */
  maxTokens?: number;
}): AsyncGenerator<ScriptedStreamPart> {
  const { reply, id, created, model } = options;
  const factory = createChunkFactory({ id, created, model });
  const chunk = (
    delta: ChatCompletionDelta,
    finishReason: ChatCompletionChunk['choices'][number]['finish_reason'] = null,
  ): ScriptedStreamPart => ({
    type: 'chunk',
    chunk: factory.delta(delta, finishReason),
  });
  const pacer = createPacer({ pace: options.pace, signal: options.signal });
  let pieces = 0;

  // OpenAI sends `content: ""` on the role chunk of a text answer and
  // leaves it out for tool calls (so the message content stays null).
  yield chunk(
    reply.content === undefined
      ? { role: 'assistant' }
      : { role: 'assistant', content: '' },
  );
  let finishReason: 'stop' | 'tool_calls' | 'length' = reply.toolCalls?.length
    ? 'tool_calls'
    : 'stop';
  for (const step of replySteps(reply, id)) {
    if ('error' in step) {
      yield { type: 'error', error: step.error };
      return;
    }
    if (pieces >= (options.maxTokens ?? Number.POSITIVE_INFINITY)) {
      finishReason = 'length';
      break;
    }
    await pacer.next();
    if (step.counted) pieces++;
    yield chunk(step.delta);
  }
  yield chunk({}, finishReason);
  if (options.includeUsage) {
    const usage: Usage = {
      prompt_tokens: options.promptTokens,
      completion_tokens: pieces,
      total_tokens: options.promptTokens + pieces,
    };
    yield { type: 'chunk', chunk: factory.usage(usage) };
  }
}

/**
 * The reply's deltas after the role chunk: the reasoning preamble, the
 * content pieces (cut short by `[[error]]`), the tool calls (first fragment
 * with id and name, uncounted, then the JSON arguments in slices).
 */
function* replySteps(
  reply: Extract<ScriptedReply, { kind: 'answer' }>,
  id: string,
): Generator<Step> {
  const preamble = `Scripted model: reading the request… applying the "${reply.rule}" rule.\n`;
  for (const piece of splitPieces(preamble))
    yield { delta: { reasoning_content: piece }, counted: true };
  const contentPieces = splitPieces(reply.content ?? '');
  const fail = reply.failAfterPieces;
  for (const piece of fail
    ? contentPieces.slice(0, fail.pieces)
    : contentPieces)
    yield { delta: { content: piece }, counted: true };
  if (fail) {
    yield { error: fail.error };
    return;
  }
  for (const [index, call] of (reply.toolCalls ?? []).entries()) {
    yield {
      delta: {
        tool_calls: [
          {
            index,
            id: `call_${id.slice(-16)}_${index}`,
            type: 'function',
            function: { name: call.name, arguments: '' },
          },
        ],
      },
      counted: false,
    };
    const json = JSON.stringify(call.arguments);
    for (let at = 0; at < json.length; at += argumentSliceLength)
      yield {
        delta: {
          tool_calls: [
            {
              index,
              function: { arguments: json.slice(at, at + argumentSliceLength) },
            },
          ],
        },
        counted: true,
      };
  }
}
