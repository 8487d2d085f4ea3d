import {
  ChatCompletionAccumulator,
  type ChatCompletionChunk,
  type JanusEvent,
  SseParseError,
} from '@janus/protocol';
import type { StreamRecording } from './record-chat-stream';

/** What the checks need to know about a recorded stream. */
export interface StreamFacts {
  /** Valid data chunks, in order, with their index among all parts. */
  chunks: Array<{ chunk: ChatCompletionChunk; index: number }>;
  /**
   * Messages of the `error` parts (invalid chunks, in-stream errors, …), but
   * not the decoder's "ended without [DONE]": {@link endsWithDone} says that,
   * and framing problems would otherwise say it twice.
   */
  errors: string[];
  /** Janus events in order, with the part index they came in. */
  events: Array<{ event: JanusEvent; index: number }>;
  /** Part index of the first reasoning / content fragment (-1 if none). */
  firstReasoning: number;
  firstContent: number;
  /** The accumulated answer text of choice 0. */
  content: string;
  /** How many tool calls choice 0 made. */
  toolCalls: number;
  /** Whether the last part is `[DONE]`. */
  endsWithDone: boolean;
}

/**
 * Reduces a {@link StreamRecording} to facts (chunks, errors, events, first
 * reasoning and content positions, accumulated content).
 *
 * @internal
 */
export function streamFacts(recording: StreamRecording): StreamFacts {
  const facts: StreamFacts = {
    chunks: [],
    errors: [],
    events: [],
    firstReasoning: -1,
    firstContent: -1,
    content: '',
    toolCalls: 0,
    endsWithDone: recording.parts.at(-1)?.part.type === 'done',
  };
  const accumulator = new ChatCompletionAccumulator();
  recording.parts.forEach(({ part }, index) => {
    if (part.type === 'error' && !endedWithoutDone(part.error))
      facts.errors.push(part.error.message);
    if (part.type !== 'data') return;
    facts.chunks.push({ chunk: part.value, index });
    accumulator.push(part.value);
    for (const choice of part.value.choices) {
      const delta = choice.delta;
      if (
        facts.firstReasoning < 0 &&
        (delta.reasoning_content || delta.reasoning)
      )
        facts.firstReasoning = index;
      if (facts.firstContent < 0 && delta.content) facts.firstContent = index;
      if (delta.janus) facts.events.push({ event: delta.janus, index });
    }
  });
  const message = accumulator.toChatCompletion().choices[0]?.message;
  facts.content = message?.content ?? '';
  facts.toolCalls = message?.tool_calls?.length ?? 0;
  return facts;
}

function endedWithoutDone(error: unknown): boolean {
  return SseParseError.isInstance(error) && error.kind === 'unexpected_end';
}

/** Shortens text for a failure reason. */
export function clip(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}

/**
 * Problems with the framing of a stream: HTTP status and content type, role
 * first, every chunk valid, a `finish_reason`, `[DONE]` last and nothing
 * after it, the body closed.
 *
 * @internal
 */
export function framingProblems(recording: StreamRecording): string[] {
  const status = statusProblem(recording);
  if (status) return [status];
  const problems: string[] = [];
  const contentType = contentTypeProblem(recording.contentType);
  const facts = streamFacts(recording);
  // Not an event stream at all (an HTML page, one JSON completion from a
  // server that ignores `stream: true`): what came, not a list of the
  // chunks, finish_reason and [DONE] that it naturally lacks.
  if (contentType && facts.chunks.length === 0 && !recording.failure)
    return [`${contentType}: ${clip(recording.rawText) || 'an empty body'}`];
  if (contentType) problems.push(contentType);
  if (recording.failure) problems.push(recording.failure);
  for (const message of facts.errors.slice(0, 3)) {
    problems.push(`error in stream: ${clip(message, 200)}`);
  }
  const first = facts.chunks[0]?.chunk;
  if (first === undefined) {
    problems.push('the stream carried no valid chunk');
  } else if (first.choices[0]?.delta.role !== 'assistant') {
    problems.push(
      `the first chunk has no delta.role 'assistant': ${clip(JSON.stringify(first))}`,
    );
  }
  const ids = new Set(facts.chunks.map(({ chunk }) => chunk.id));
  if (ids.size > 1)
    problems.push(`chunk ids differ: ${[...ids].slice(0, 3).join(', ')}`);
  const finished = facts.chunks.some(({ chunk }) =>
    chunk.choices.some(choice => choice.finish_reason != null),
  );
  if (!finished) problems.push('no chunk has a finish_reason');
  if (!facts.endsWithDone)
    problems.push('the stream did not end with data: [DONE]');
  const after = textAfterDone(recording.rawText);
  if (after) problems.push(`data after [DONE]: ${clip(after)}`);
  if (facts.endsWithDone && !recording.closedAfterDone) {
    problems.push('the body stayed open after [DONE]');
  }
  return problems;
}

function textAfterDone(raw: string): string {
  const match = /^data: ?\[DONE\][ \t]*(\r\n|\r|\n|$)/m.exec(raw);
  if (match === null) return '';
  return raw.slice(match.index + match[0].length).trim();
}

function statusProblem(recording: StreamRecording): string | undefined {
  if (recording.status === 200) return undefined;
  const why = recording.failure ?? clip(recording.rawText);
  return `expected HTTP 200, got ${recording.status || 'no response'}${why ? `: ${why}` : ''}`;
}

/** `content-type is '…', not text/event-stream`, or `undefined` for SSE. @internal */
export function contentTypeProblem(contentType: string): string | undefined {
  return contentType.startsWith('text/event-stream')
    ? undefined
    : `content-type is '${contentType}', not text/event-stream`;
}

/**
 * Why no valid stream was received (no HTTP 200, not SSE, or not one valid
 * chunk), as `<name> could not be read: <cause>`; `undefined` when
 * the recording holds a stream to inspect. Checks that measure or search a
 * stream report this instead of a misleading pass or a missing event.
 *
 * @internal
 */
export function unreadableStream(
  name: string,
  recording: StreamRecording,
): string | undefined {
  const facts = streamFacts(recording);
  const firstError = facts.errors[0];
  const cause =
    statusProblem(recording) ??
    contentTypeProblem(recording.contentType) ??
    (facts.chunks.length === 0
      ? `the stream carried no valid chunk${firstError ? ` (${clip(firstError, 200)})` : ''}`
      : undefined);
  return cause && `${name} could not be read: ${cause}`;
}
