import {
  forEachToolCall,
  type ToolCallBag,
} from '../internal/for-each-tool-call';

/** What one choice of a stream has seen of its tool calls. */
interface ChoiceCalls {
  /** One past the highest index seen: where the next new call goes. */
  next: number;
  /** The index of the last fragment, which an id-less fragment continues. */
  last: number | undefined;
  /** Index by call id. */
  byId: Map<string, number>;
}

/**
 * A repair for streams whose tool-call fragments lack `index`, which
 * several OpenAI-compatible servers omit (Ollama before its fix, Gemini's
 * compatibility endpoint, SGLang, mistral.rs): OpenAI's clients, the
 * protocol schema and the accumulator merge fragments by it. The returned
 * function fills it in place on one parsed `chat.completion.chunk` and says
 * whether it changed anything. Keep one per stream: it remembers the calls.
 *
 * A fragment with an `id` seen before gets that call's index; one with a new
 * `id` starts the next call; one without `id` continues the last call (the
 * first, if none was seen). Fragments that carry an index are left as they
 * are and only update what the repair remembers.
 *
 * @returns `(chunk) => changed`, to run before validation.
 * @example
 * ```ts
 * const repair = createToolCallIndexRepair();
 * for (const chunk of chunks) repair(chunk); // then validate or merge
 * ```
 */
export function createToolCallIndexRepair(): (chunk: unknown) => boolean {
  const choices = new Map<number, ChoiceCalls>();
  const visit = (fragment: ToolCallBag, choice: number) => {
    let seen = choices.get(choice);
    if (!seen) {
      seen = { next: 0, last: undefined, byId: new Map() };
      choices.set(choice, seen);
    }
    const id =
      typeof fragment.id === 'string' && fragment.id !== ''
        ? fragment.id
        : undefined;
    let changed = false;
    let index = fragment.index;
    if (typeof index !== 'number') {
      index =
        id === undefined ? (seen.last ?? 0) : (seen.byId.get(id) ?? seen.next);
      fragment.index = index;
      changed = true;
    }
    const at = index as number;
    if (id !== undefined && !seen.byId.has(id)) seen.byId.set(id, at);
    seen.last = at;
    if (at >= seen.next) seen.next = at + 1;
    return changed;
  };
  return chunk => forEachToolCall({ value: chunk, field: 'delta', visit });
}
