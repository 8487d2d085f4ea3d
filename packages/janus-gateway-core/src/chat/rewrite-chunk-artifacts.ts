import { artifactsEventSchema, safeValidate } from '@janus/protocol';
import type { ArtifactRewriter } from '../artifacts/artifact-rewriter';

/**
 * Rewrites the `janus` artifacts events inside one parsed stream chunk, in
 * place. Cheap for ordinary chunks: only a `delta.janus.event === 'artifacts'`
 * is looked at further. An artifacts event that fails the strict schema is
 * removed (its URLs could not be checked, so they must not reach the client);
 * returns the number of such removals for logging.
 *
 * @internal
 */
export async function rewriteChunkArtifacts(
  value: unknown,
  rewriter: ArtifactRewriter,
): Promise<number> {
  let removed = 0;
  for (const choice of choicesOf(value)) {
    const delta = (choice as { delta?: { janus?: unknown } } | null)?.delta;
    removed += await rewriteEventField(delta, 'janus', rewriter);
  }
  return removed;
}

/** Whether a parsed stream chunk carries a `janus` artifacts event (sync, cheap). */
export function hasArtifactsEvent(value: unknown): boolean {
  for (const choice of choicesOf(value)) {
    const janus = (choice as { delta?: { janus?: { event?: unknown } } } | null)
      ?.delta?.janus;
    if (janus?.event === 'artifacts') return true;
  }
  return false;
}

/**
 * Rewrites a non-stream `chat.completion` in place: `message.artifacts[]` and
 * artifacts events in `message.janus_events[]`.
 *
 * @internal
 */
export async function rewriteCompletionArtifacts(
  value: unknown,
  rewriter: ArtifactRewriter,
): Promise<number> {
  let removed = 0;
  for (const choice of choicesOf(value)) {
    const message = (choice as { message?: Record<string, unknown> } | null)
      ?.message;
    if (message == null || typeof message !== 'object') continue;
    if (Array.isArray(message.artifacts)) {
      const event = {
        event: 'artifacts',
        payload: { items: message.artifacts },
      };
      const holder = { event };
      removed += await rewriteEventField(holder, 'event', rewriter);
      message.artifacts =
        (holder.event as typeof event | undefined)?.payload.items ?? [];
    }
    if (Array.isArray(message.janus_events)) {
      for (let index = 0; index < message.janus_events.length; index++)
        removed += await rewriteEventField(
          message.janus_events,
          index,
          rewriter,
        );
      message.janus_events = message.janus_events.filter(
        item => item !== undefined,
      );
    }
  }
  return removed;
}

/** The `choices` array of a chunk or completion (empty when malformed). */
function choicesOf(value: unknown): unknown[] {
  const choices = (value as { choices?: unknown } | null)?.choices;
  return Array.isArray(choices) ? choices : [];
}

async function rewriteEventField(
  holder: unknown,
  key: string | number,
  rewriter: ArtifactRewriter,
): Promise<number> {
  if (holder == null || typeof holder !== 'object') return 0;
  const record = holder as Record<string | number, unknown>;
  const event = record[key] as { event?: unknown } | null | undefined;
  if (event == null || event.event !== 'artifacts') return 0;
  const result = safeValidate({ value: event, schema: artifactsEventSchema });
  if (!result.success) {
    record[key] = undefined;
    return 1;
  }
  const items = await rewriter.rewrite(result.value.payload.items);
  record[key] = { event: 'artifacts', payload: { items } };
  return 0;
}
