import {
  fillEnvelope,
  initialEnvelopeDefaults,
} from '../schemas/fill-envelope';

/**
 * A repair for streams from OpenAI-compatible servers that leave envelope
 * fields out of their chunks: `id` (OpenVINO Model Server), `object`
 * (TensorRT-Edge-LLM), `created` (several proxies), `model`, a choice's
 * `index` or `delta`, `choices` on a usage-only chunk, and
 * `usage.total_tokens`. Fills them in place on one parsed chunk, reusing
 * what the stream's earlier chunks said (else `''` and now), and says
 * whether it changed anything. Anything present with the wrong type is left
 * for validation to report. Keep one per stream.
 *
 * @returns `(chunk) => changed`, to run before validation.
 * @example
 * ```ts
 * const repair = createChunkEnvelopeRepair();
 * for (const chunk of chunks) repair(chunk); // then validate
 * ```
 */
export function createChunkEnvelopeRepair(): (chunk: unknown) => boolean {
  const defaults = initialEnvelopeDefaults();
  return chunk => fillEnvelope(chunk, 'chat.completion.chunk', defaults);
}
