/** A fresh tool call id in OpenAI's shape (`call_` and 24 characters). */
export function newToolCallId(): string {
  return `call_${crypto.randomUUID().replaceAll('-', '').slice(0, 24)}`;
}

/**
 * A repair for streams whose tool-call fragments lack `id`, which some
 * OpenAI-compatible servers (certain llama.cpp, vLLM and Ollama versions,
 * proxies) leave out: `@langchain/core` files a streamed call without an id
 * under `invalid_tool_calls`, so the agent never runs it. Gives a call's
 * first fragment a fresh id when it has none, in place on one parsed
 * `chat.completion.chunk`, and says whether it changed anything. Keep one per
 * stream: it remembers which calls have an id.
 *
 * A fragment with an `index` is a new call when its index is new (in its
 * choice); the call's later fragments keep no id, as OpenAI streams them,
 * and LangChain joins them by index. When the server sends the id on a
 * later fragment, that fragment gets the id given to the call's first one:
 * LangChain does not join fragments of one index whose ids differ. A
 * fragment without `index` is a new call when it names a function (OpenAI
 * names a call on its first fragment only), else it continues the last
 * call; run `createToolCallIndexRepair` after this one to number those.
 * Calls whose first fragment has an id are never changed.
 *
 * @returns `(chunk) => changed`, to run on each parsed chunk.
 */
export function createToolCallIdRepair(): (chunk: unknown) => boolean {
  /** Per choice index: the calls seen, by call index, with the id this repair gave (else `undefined`). */
  const seen = new Map<number, Map<number, string | undefined>>();
  return chunk => {
    const list = (chunk as { choices?: unknown } | null)?.choices;
    if (!Array.isArray(list)) return false;
    let changed = false;
    for (const choice of list) {
      const calls = (choice as { delta?: { tool_calls?: unknown } } | null)
        ?.delta?.tool_calls;
      if (!Array.isArray(calls)) continue;
      const choiceIndex = (choice as { index?: unknown }).index;
      const key = typeof choiceIndex === 'number' ? choiceIndex : 0;
      let given = seen.get(key);
      if (!given) {
        given = new Map();
        seen.set(key, given);
      }
      for (const call of calls) {
        if (typeof call !== 'object' || call === null) continue;
        const fragment = call as {
          index?: unknown;
          id?: unknown;
          function?: { name?: unknown } | null;
        };
        const hasId = typeof fragment.id === 'string' && fragment.id !== '';
        const { index } = fragment;
        if (typeof index !== 'number') {
          const name = fragment.function?.name;
          if (hasId || typeof name !== 'string' || name === '') continue;
          fragment.id = newToolCallId();
          changed = true;
        } else if (!given.has(index)) {
          // The call's first fragment.
          const id = hasId ? undefined : newToolCallId();
          given.set(index, id);
          if (id === undefined) continue;
          fragment.id = id;
          changed = true;
        } else {
          // A later fragment: an id here must be the one its call was given.
          const id = given.get(index);
          if (!hasId || id === undefined || fragment.id === id) continue;
          fragment.id = id;
          changed = true;
        }
      }
    }
    return changed;
  };
}
