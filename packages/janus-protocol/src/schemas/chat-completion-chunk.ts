import { z } from 'zod/v4';
import { janusEventSchema } from './janus-event';
import { toolCallDeltaSchema } from './tool';
import { usageSchema } from './usage';

/** Why a choice stopped. `error` is OpenRouter's value for a failed stream. */
export const finishReasonSchema = z.enum([
  'stop',
  'length',
  'tool_calls',
  'content_filter',
  'function_call',
  'error',
]);
/** Why a choice stopped. */
export type FinishReason = z.infer<typeof finishReasonSchema>;

/** The incremental part of one streamed choice. */
export const chatCompletionDeltaSchema = z.looseObject({
  /** Sent once, on the first chunk. */
  role: z.enum(['assistant', 'system', 'user', 'tool', 'developer']).nullish(),
  /** A fragment of the answer. */
  content: z.string().nullish(),
  /** A fragment of the reasoning (model thinking, agent steps). */
  reasoning_content: z.string().nullish(),
  /** Alias some providers (OpenRouter, vLLM) use for `reasoning_content`. */
  reasoning: z.string().nullish(),
  /** Tool-call fragments, merged by `index`. */
  tool_calls: z.array(toolCallDeltaSchema).nullish(),
  refusal: z.string().nullish(),
  /** Janus: one structured event (sandbox, tool, artifacts, …). */
  janus: janusEventSchema.nullish(),
});
/** The incremental part of one streamed choice. */
export type ChatCompletionDelta = z.infer<typeof chatCompletionDeltaSchema>;

/** One streamed choice. */
export const chatCompletionChunkChoiceSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  delta: chatCompletionDeltaSchema,
  finish_reason: finishReasonSchema.nullish(),
  logprobs: z.unknown().nullish(),
});

/**
 * One SSE event of a streamed chat completion (`chat.completion.chunk`).
 * Provider fields are `.nullish()`; unknown fields are kept.
 */
export const chatCompletionChunkSchema = z.looseObject({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  /** Unix seconds. */
  created: z.number(),
  model: z.string(),
  /** Empty on the final usage chunk. */
  choices: z.array(chatCompletionChunkChoiceSchema),
  /** Present (non-null) only on the usage chunk. */
  usage: usageSchema.nullish(),
  system_fingerprint: z.string().nullish(),
});
/** One streamed chat completion chunk. */
export type ChatCompletionChunk = z.infer<typeof chatCompletionChunkSchema>;
