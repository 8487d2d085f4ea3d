/** What a stream's earlier chunks said, for a later chunk that leaves it out. */
export interface EnvelopeDefaults {
  id: string;
  created: number;
  model: string;
}

/** Defaults before anything was seen: no id, now, no model. */
export function initialEnvelopeDefaults(): EnvelopeDefaults {
  return { id: '', created: Math.floor(Date.now() / 1000), model: '' };
}

type Kind = 'chat.completion' | 'chat.completion.chunk';
type Bag = Record<string, unknown>;

const isBag = (value: unknown): value is Bag =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Fills, in place, the fields of a chat completion (or chunk) that some
 * OpenAI-compatible servers leave out although nothing needs them to read
 * the answer: `id` (OpenVINO Model Server's chunks), `object`
 * (TensorRT-Edge-LLM's chunks), `created` (several proxies), `model`, a
 * choice's `index` and `delta`, a message's `content` next to tool calls,
 * `finish_reason`, and `usage.total_tokens`. A field that is present with
 * the wrong type is left for validation to report, and so is anything that
 * carries the answer itself. Remembers the envelope of values that have one
 * in `defaults`, so a stream's later chunks reuse its first id.
 *
 * @returns whether it changed anything.
 */
export function fillEnvelope(
  value: unknown,
  kind: Kind,
  defaults: EnvelopeDefaults,
): boolean {
  if (!isBag(value)) return false;
  let changed = false;
  const fill = (bag: Bag, key: string, fallback: unknown) => {
    if (bag[key] === undefined || bag[key] === null) {
      bag[key] = fallback;
      changed = true;
    }
  };
  fill(value, 'id', defaults.id);
  fill(value, 'object', kind);
  fill(value, 'created', defaults.created);
  fill(value, 'model', defaults.model);
  if (typeof value.id === 'string') defaults.id = value.id;
  if (typeof value.created === 'number') defaults.created = value.created;
  if (typeof value.model === 'string') defaults.model = value.model;
  // A usage-only chunk without `choices` (OpenAI's own has `choices: []`).
  if (kind === 'chat.completion.chunk') fill(value, 'choices', []);
  if (Array.isArray(value.choices)) {
    value.choices.forEach((choice: unknown, position: number) => {
      if (!isBag(choice)) return;
      fill(choice, 'index', position);
      if (kind === 'chat.completion.chunk') {
        fill(choice, 'delta', {});
        return;
      }
      if (choice.finish_reason === undefined)
        fill(choice, 'finish_reason', null);
      const message = choice.message;
      if (!isBag(message)) return;
      fill(message, 'role', 'assistant');
      if (message.content === undefined) fill(message, 'content', null);
    });
  }
  const usage = value.usage;
  if (
    isBag(usage) &&
    (usage.total_tokens === undefined || usage.total_tokens === null) &&
    typeof usage.prompt_tokens === 'number' &&
    typeof usage.completion_tokens === 'number'
  )
    fill(usage, 'total_tokens', usage.prompt_tokens + usage.completion_tokens);
  return changed;
}
