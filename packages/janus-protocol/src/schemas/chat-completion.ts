import { z } from 'zod/v4';
import { createToolCallIdRepair } from '../sse/create-tool-call-id-repair';
import { artifactSchema } from './artifact';
import { finishReasonSchema } from './chat-completion-chunk';
import { fillEnvelope, initialEnvelopeDefaults } from './fill-envelope';
import { janusEventSchema } from './janus-event';
import { toolCallSchema } from './tool';
import { usageSchema } from './usage';

/** The assistant message of a non-stream response. */
export const chatCompletionMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: z.string().nullable(),
  /** Janus: the reasoning (agent steps, model thinking), kept rather than dropped. */
  reasoning_content: z.string().nullish(),
  tool_calls: z.array(toolCallSchema).nullish(),
  refusal: z.string().nullish(),
  /** Janus: files the answer produced. */
  artifacts: z.array(artifactSchema).nullish(),
  /** Janus: the structured events of the answer, in order. */
  janus_events: z.array(janusEventSchema).nullish(),
});
/** The assistant message of a non-stream response. */
export type ChatCompletionMessage = z.infer<typeof chatCompletionMessageSchema>;

/**
 * A non-stream chat completion (`chat.completion`). Janus keeps
 * `reasoning_content`, `artifacts` and `janus_events` on the message.
 */
export const chatCompletionSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number().int().nonnegative(),
      message: chatCompletionMessageSchema,
      finish_reason: finishReasonSchema.nullable(),
      logprobs: z.unknown().nullish(),
    }),
  ),
  usage: usageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
});
/** A non-stream chat completion. */
export type ChatCompletion = z.infer<typeof chatCompletionSchema>;

/**
 * {@link chatCompletionSchema} for what an upstream LLM sends: fills the
 * envelope fields that some OpenAI-compatible servers leave out (`id`,
 * `object`, `created`, `model`, a choice's `index` and `finish_reason`,
 * `content` next to tool calls, `usage.total_tokens`) and gives tool calls
 * without `id` a fresh one (`createToolCallIdRepair`) before validating.
 * The input is not changed. Use it to read an LLM; keep
 * {@link chatCompletionSchema} to hold a competitor to the contract.
 */
export const lenientChatCompletionSchema = z.preprocess(value => {
  if (typeof value !== 'object' || value === null) return value;
  let copy: unknown;
  try {
    copy = structuredClone(value);
  } catch {
    // Not data (a function, a symbol inside): nothing to fill; the schema
    // reports what is wrong.
    return value;
  }
  fillEnvelope(copy, 'chat.completion', initialEnvelopeDefaults());
  createToolCallIdRepair()(copy);
  return copy;
}, chatCompletionSchema);
