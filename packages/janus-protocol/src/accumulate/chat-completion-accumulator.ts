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
  /** OpenAI token logprobs, arrays concatenated per key (`content`, `refusal`). */
  logprobs: Record<string, unknown[] | null> | null;
  /** A legacy `function_call`, fragments concatenated. */
  functionCall: { name: string; arguments: string } | null;
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
  private serviceTier: string | null = null;
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
    if (typeof chunk.service_tier === 'string')
      this.serviceTier = chunk.service_tier;
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
              existing.function.name = appendName(
                existing.function.name,
                fragment.function.name,
              );
            if (fragment.function?.arguments) {
              existing.function.arguments += fragment.function.arguments;
            }
          }
        }
      }
      mergeFunctionCall(state, delta.function_call);
      mergeLogprobs(state, choice.logprobs);
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
            ...(state.functionCall !== null && {
              function_call: { ...state.functionCall },
            }),
            ...(toolCalls.length > 0 && { tool_calls: toolCalls }),
            ...(state.artifacts.size > 0 && {
              artifacts: [...state.artifacts.values()],
            }),
            ...(state.events.length > 0 && { janus_events: [...state.events] }),
          },
          finish_reason: state.finishReason,
          ...(state.logprobs !== null && {
            logprobs: copyLogprobs(state.logprobs),
          }),
        };
      }),
      ...(this.usage !== null && { usage: this.usage }),
      ...(this.systemFingerprint !== null && {
        system_fingerprint: this.systemFingerprint,
      }),
      ...(this.serviceTier !== null && { service_tier: this.serviceTier }),
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
        logprobs: null,
        functionCall: null,
        events: [],
        artifacts: new Map(),
      };
      this.choices.set(index, state);
    }
    return state;
  }
}

/**
 * A call's name so far, with a later fragment's name. OpenAI names a call on
 * its first fragment only, but some OpenAI-compatible servers repeat the
 * whole name on every fragment; appending that would give `get_weatherget_weather`.
 * A fragment whose name is the name so far is a repeat and adds nothing
 * (openai-node's stream helper goes further and keeps the last name; this
 * keeps a name sent in pieces whole too).
 */
function appendName(soFar: string, fragment: string): string {
  return fragment === soFar ? soFar : soFar + fragment;
}

/** Appends a legacy `function_call` fragment (`name`, `arguments`). */
function mergeFunctionCall(state: ChoiceState, fragment: unknown): void {
  if (!isRecord(fragment)) return;
  state.functionCall ??= { name: '', arguments: '' };
  const call = state.functionCall;
  if (typeof fragment.name === 'string')
    call.name = appendName(call.name, fragment.name);
  if (typeof fragment.arguments === 'string')
    call.arguments += fragment.arguments;
}

/**
 * Appends a choice's `logprobs` (`{content: [...], refusal: [...]}`): arrays
 * concatenated per key, a `null` kept until an array comes.
 */
function mergeLogprobs(state: ChoiceState, logprobs: unknown): void {
  if (!isRecord(logprobs)) return;
  // No prototype: a `__proto__` key from the wire stays a plain key.
  state.logprobs ??= Object.create(null) as Record<string, unknown[] | null>;
  const merged = state.logprobs;
  for (const [key, value] of Object.entries(logprobs)) {
    if (Array.isArray(value)) merged[key] = [...(merged[key] ?? []), ...value];
    else if (value === null && !(key in merged)) merged[key] = null;
  }
}

/** A copy later pushes leave alone. */
function copyLogprobs(
  logprobs: Record<string, unknown[] | null>,
): Record<string, unknown[] | null> {
  return Object.fromEntries(
    Object.entries(logprobs).map(([key, value]) => [key, value && [...value]]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
