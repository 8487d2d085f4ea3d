import {
  forEachToolCall,
  type ToolCallBag,
} from '../internal/for-each-tool-call';

/** A fresh tool call id in OpenAI's shape (`call_` and 24 characters). */
function newToolCallId(): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

const hasId = (call: ToolCallBag) =>
  typeof call.id === 'string' && call.id !== '';

/**
 * Gives a call (or its first fragment) a fresh id, and `type: "function"`
 * when it has a `function` but no type: a server that leaves out the id
 * often leaves out the type too, and the `openai` stream helper needs both.
 */
function giveId(call: ToolCallBag, id = newToolCallId()): void {
  call.id = id;
  if (call.type === undefined && call.function != null) call.type = 'function';
}

/**
 * A repair for tool calls without `id`, which some OpenAI-compatible
 * servers (certain llama.cpp, vLLM and Ollama versions, proxies) leave out:
 * OpenAI's contract puts one on each call's first streamed fragment and on
 * each call of a message, and clients need it (the `openai` stream helper
 * throws `missing … id`, LangChain drops the call, a `tool` message must
 * echo it). The returned function gives such calls a fresh id
 * (`call_` and 24 hex digits) and, when it has none, `type: "function"`,
 * in place on one parsed
 * `chat.completion.chunk` or `chat.completion`, and says whether it changed
 * anything. Keep one per stream: it remembers which calls got an id.
 *
 * In a chunk, a fragment with an `index` starts a call when its index is
 * new (in its choice); the call's later fragments keep no id, as OpenAI
 * streams them. A later fragment that carries the server's id gets the one
 * given to the call's first fragment instead, because clients join a
 * call's fragments by index and some refuse differing ids. A fragment
 * without `index` starts a call when it names a function (OpenAI names a
 * call on its first fragment only), else it continues the last call; run
 * `createToolCallIndexRepair` after this one to number those. Calls
 * whose first fragment has an id are never changed.
 *
 * @returns `(value) => changed`, to run before validation (before the index
 *   repair, for a stream).
 * @see https://platform.openai.com/docs/api-reference/chat-streaming/streaming
 * @example
 * ```ts
 * const ids = createToolCallIdRepair();
 * const indexes = createToolCallIndexRepair();
 * for (const chunk of chunks) {
 *   ids(chunk);
 *   indexes(chunk); // then validate or merge
 * }
 * ```
 */
export function createToolCallIdRepair(): (value: unknown) => boolean {
  /** Per choice: the calls seen, by index, with the id given (else `undefined`). */
  const seen = new Map<number, Map<number, string | undefined>>();
  const visitFragment = (fragment: ToolCallBag, choice: number) => {
    const { index } = fragment;
    if (typeof index !== 'number') {
      const name = (fragment.function as { name?: unknown } | null | undefined)
        ?.name;
      if (hasId(fragment) || typeof name !== 'string' || name === '')
        return false;
      giveId(fragment);
      return true;
    }
    let given = seen.get(choice);
    if (!given) {
      given = new Map();
      seen.set(choice, given);
    }
    if (!given.has(index)) {
      // The call's first fragment.
      const id = hasId(fragment) ? undefined : newToolCallId();
      given.set(index, id);
      if (id === undefined) return false;
      giveId(fragment, id);
      return true;
    }
    // A later fragment: an id here must be the one its call was given.
    const id = given.get(index);
    if (id === undefined || !hasId(fragment) || fragment.id === id)
      return false;
    fragment.id = id;
    return true;
  };
  const visitCall = (call: ToolCallBag) => {
    if (hasId(call)) return false;
    giveId(call);
    return true;
  };
  return value => {
    const streamed = forEachToolCall({
      value,
      field: 'delta',
      visit: visitFragment,
    });
    const whole = forEachToolCall({
      value,
      field: 'message',
      visit: visitCall,
    });
    return streamed || whole;
  };
}
