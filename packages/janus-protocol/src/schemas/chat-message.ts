import { z } from 'zod/v4';
import { artifactSchema } from './artifact';
import { contentPartSchema } from './content-part';
import { openAiToolCallSchema } from './tool';

const contentSchema = z.union([
  z.string(),
  z.array(contentPartSchema),
  z.null(),
]);

/** A system or developer instruction. */
export const systemMessageSchema = z.looseObject({
  role: z.enum(['system', 'developer']),
  content: z.union([z.string(), z.array(contentPartSchema)]),
  name: z.string().optional(),
});

/** A user turn: text, images, files or audio. */
export const userMessageSchema = z.looseObject({
  role: z.literal('user'),
  content: z.union([z.string(), z.array(contentPartSchema)]),
  name: z.string().optional(),
});

/** An earlier assistant turn (may carry tool calls, reasoning and artifacts). */
export const assistantMessageSchema = z.looseObject({
  role: z.literal('assistant'),
  content: contentSchema.optional(),
  name: z.string().optional(),
  /** Function tool calls, or custom tool calls (narrow on `type`). */
  tool_calls: z.array(openAiToolCallSchema).optional(),
  /** Janus/DeepSeek: the reasoning shown before the answer. */
  reasoning_content: z.string().nullish(),
  /** Janus: files the assistant produced. */
  artifacts: z.array(artifactSchema).optional(),
});

/** The result of a tool call, answering `tool_call_id`. */
export const toolMessageSchema = z.looseObject({
  role: z.literal('tool'),
  content: z.union([z.string(), z.array(contentPartSchema)]),
  tool_call_id: z.string(),
});

/**
 * The result of a legacy `function_call` (deprecated by OpenAI in favour of
 * tools and `tool` messages, still accepted by its API and client).
 */
export const functionMessageSchema = z.looseObject({
  role: z.literal('function'),
  content: z.string().nullable(),
  /** The function that was called. */
  name: z.string(),
});

/** Any chat message, discriminated by `role`. */
export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
  functionMessageSchema,
]);
/** Any chat message. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** A user message. */
export type UserMessage = z.infer<typeof userMessageSchema>;
/** An assistant message. */
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
