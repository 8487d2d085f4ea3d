import type { Artifact } from '../schemas/artifact';
import type { ChatCompletion } from '../schemas/chat-completion';
import type {
  ChatCompletionChunk,
  FinishReason,
} from '../schemas/chat-completion-chunk';
import type { JanusEvent } from '../schemas/janus-event';
import type { ToolCall } from '../schemas/tool';
import type { Usage } from '../schemas/usage';

interface ChoiceState {
  content: string | null;
  reasoning: string | null;
  refusal: string | null;
  toolCalls: Map<number, ToolCall>;
  finishReason: FinishReason | null;
  events: JanusEvent[];
  artifacts: Map<string, Artifact>;
}

/**
 * Folds `chat.completion.chunk`s into one `chat.completion`: content and
 * reasoning concatenated, tool calls merged by `index`, Janus events kept in
 * order, artifacts collected (by id, first wins), usage from the usage chunk.
 * This is how a non-stream response is built from a stream.
 *
 * @example
 * ```ts
 * const accumulator = new ChatCompletionAccumulator();
 * for await (const part of parseChatCompletionStream(response)) {
 *   if (part.type === 'data') accumulator.push(part.value);
 * }
 * const completion = accumulator.toChatCompletion();
 * ```
 */
export class ChatCompletionAccumulator {
  private id = '';
  private created = 0;
  private model = '';
  private systemFingerprint: string | null = null;
  private usage: Usage | null = null;
  private readonly choices = new Map<number, ChoiceState>();

  /** Adds one chunk. */
  push(chunk: ChatCompletionChunk): this {
    if (this.id === '') {
      this.id = chunk.id;
      this.created = chunk.created;
      this.model = chunk.model;
    }
    if (chunk.system_fingerprint)
      this.systemFingerprint = chunk.system_fingerprint;
    if (chunk.usage) this.usage = chunk.usage;
    for (const choice of chunk.choices) {
      const state = this.choice(choice.index);
      const delta = choice.delta;
      if (delta.content != null)
        state.content = (state.content ?? '') + delta.content;
      const reasoning = delta.reasoning_content ?? delta.reasoning;
      if (reasoning != null)
        state.reasoning = (state.reasoning ?? '') + reasoning;
      if (delta.refusal != null)
        state.refusal = (state.refusal ?? '') + delta.refusal;
      if (delta.tool_calls) {
        for (const fragment of delta.tool_calls) {
          const existing = state.toolCalls.get(fragment.index);
          if (existing === undefined) {
            state.toolCalls.set(fragment.index, {
              id: fragment.id ?? '',
              type: 'function',
              function: {
                name: fragment.function?.name ?? '',
                arguments: fragment.function?.arguments ?? '',
              },
            });
          } else {
            if (fragment.id) existing.id = fragment.id;
            if (fragment.function?.name)
              existing.function.name += fragment.function.name;
            if (fragment.function?.arguments) {
              existing.function.arguments += fragment.function.arguments;
            }
          }
        }
      }
      if (delta.janus) {
        state.events.push(delta.janus);
        if (delta.janus.event === 'artifacts') {
          for (const artifact of delta.janus.payload.items) {
            if (!state.artifacts.has(artifact.id))
              state.artifacts.set(artifact.id, artifact);
          }
        }
      }
      if (choice.finish_reason != null)
        state.finishReason = choice.finish_reason;
    }
    return this;
  }

  /** The accumulated `chat.completion`. Can be called at any time. */
  toChatCompletion(): ChatCompletion {
    const indexes = [...this.choices.keys()].sort((a, b) => a - b);
    return {
      id: this.id,
      object: 'chat.completion',
      created: this.created,
      model: this.model,
      choices: indexes.map(index => {
        const state = this.choices.get(index) as ChoiceState;
        const toolCalls = [...state.toolCalls.entries()]
          .sort(([a], [b]) => a - b)
          // Copies: later pushes must not change a completion already returned.
          .map(([, call]) => ({ ...call, function: { ...call.function } }));
        return {
          index,
          message: {
            role: 'assistant' as const,
            content: state.content,
            ...(state.reasoning !== null && {
              reasoning_content: state.reasoning,
            }),
            ...(state.refusal !== null && { refusal: state.refusal }),
            ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
            ...(state.artifacts.size > 0 && {
              artifacts: [...state.artifacts.values()],
            }),
            ...(state.events.length > 0 && { janus_events: [...state.events] }),
          },
          finish_reason: state.finishReason,
        };
      }),
      ...(this.usage !== null && { usage: this.usage }),
      ...(this.systemFingerprint !== null && {
        system_fingerprint: this.systemFingerprint,
      }),
    };
  }

  private choice(index: number): ChoiceState {
    let state = this.choices.get(index);
    if (state === undefined) {
      state = {
        content: null,
        reasoning: null,
        refusal: null,
        toolCalls: new Map(),
        finishReason: null,
        events: [],
        artifacts: new Map(),
      };
      this.choices.set(index, state);
    }
    return state;
  }
}

/**
 * Accumulates a whole sequence of chunks (sync or async) into one
 * `chat.completion`.
 */
export async function accumulateChatCompletion(
  chunks: Iterable<ChatCompletionChunk> | AsyncIterable<ChatCompletionChunk>,
): Promise<ChatCompletion> {
  const accumulator = new ChatCompletionAccumulator();
  for await (const chunk of chunks) accumulator.push(chunk);
  return accumulator.toChatCompletion();
}
