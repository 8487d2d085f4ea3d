import { z } from 'zod/v4';
import { chatMessageSchema } from './chat-message';
import {
  openAiToolChoiceSchema,
  openAiToolSchema,
  toolChoiceSchema,
  toolSchema,
} from './tool';

/**
 * `POST /v1/chat/completions` body as Janus competitors read it. Tolerant
 * (`z.looseObject`): fields Janus does not model are kept and forwarded
 * upstream unchanged. Its `tools` are function tools and its `tool_choice`
 * names a function; {@link openAiChatCompletionRequestSchema} also takes
 * OpenAI's custom tools and `allowed_tools`.
 *
 * @see https://platform.openai.com/docs/api-reference/chat/create
 */
export const chatCompletionRequestSchema = z.looseObject({
  /** Model id; on the gateway, a competitor id selects that competitor. */
  model: z.string().min(1),
  /** The conversation; at least one message. */
  messages: z
    .array(chatMessageSchema)
    .min(1, 'messages must contain at least one message'),
  /** Stream the answer as SSE `chat.completion.chunk` events. */
  stream: z.boolean().nullish(),
  /** Stream options; Janus honours `include_usage`. */
  stream_options: z
    .looseObject({
      /** Send a final usage chunk (with `choices: []`) before `[DONE]`. */
      include_usage: z.boolean().nullish(),
    })
    .nullish(),
  /** Sampling temperature, 0 to 2. */
  temperature: z.number().min(0).max(2).nullish(),
  /** Nucleus sampling, 0 to 1. */
  top_p: z.number().min(0).max(1).nullish(),
  /** Legacy cap on generated tokens. */
  max_tokens: z.number().int().positive().nullish(),
  /** Cap on generated tokens (including reasoning). */
  max_completion_tokens: z.number().int().positive().nullish(),
  /** Tools the model may call. */
  tools: z.array(toolSchema).nullish(),
  /** Whether and which tool the model must call. */
  tool_choice: toolChoiceSchema.nullish(),
  /** Allow several tool calls in one turn. */
  parallel_tool_calls: z.boolean().nullish(),
  /** `{type:'text'|'json_object'|'json_schema', json_schema?}`. */
  response_format: z
    .looseObject({ type: z.enum(['text', 'json_object', 'json_schema']) })
    .nullish(),
  /** Up to four sequences that end generation. */
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  /** Best-effort deterministic sampling. */
  seed: z.number().int().nullish(),
  /** How many choices to generate. */
  n: z.number().int().positive().nullish(),
  /** End-user id, for abuse monitoring. */
  user: z.string().nullish(),
  /** Free-form metadata; Janus competitors read `metadata.routing_decision`. */
  metadata: z.record(z.string(), z.unknown()).nullish(),
  /** Janus: route to this competitor explicitly (404 `model_not_found` if unknown). */
  competitor_id: z.string().min(1).nullish(),
});
/** A chat completion request. */
export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/**
 * Every request the official `openai` client can send: the
 * {@link chatCompletionRequestSchema} plus OpenAI custom tools in `tools` and
 * the named custom tool and `allowed_tools` forms of `tool_choice`. For
 * proxies that forward what they do not read (the gateway); a competitor
 * that reads `tools` narrows on `type`.
 */
export const openAiChatCompletionRequestSchema =
  chatCompletionRequestSchema.extend({
    /** Function and custom tools the model may call. */
    tools: z.array(openAiToolSchema).nullish(),
    /** Whether and which tool the model must call, or which it may. */
    tool_choice: openAiToolChoiceSchema.nullish(),
  });
/** A chat completion request with every tool kind OpenAI defines. */
export type OpenAiChatCompletionRequest = z.infer<
  typeof openAiChatCompletionRequestSchema
>;
