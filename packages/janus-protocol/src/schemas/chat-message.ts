import { z } from 'zod/v4';
import { artifactSchema } from './artifact';
import { contentPartSchema } from './content-part';
import { toolCallSchema } from './tool';

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
  tool_calls: z.array(toolCallSchema).optional(),
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

/** Any chat message, discriminated by `role`. */
export const chatMessageSchema = z.discriminatedUnion('role', [
  systemMessageSchema,
  userMessageSchema,
  assistantMessageSchema,
  toolMessageSchema,
]);
/** Any chat message. */
export type ChatMessage = z.infer<typeof chatMessageSchema>;
/** A user message. */
export type UserMessage = z.infer<typeof userMessageSchema>;
/** An assistant message. */
export type AssistantMessage = z.infer<typeof assistantMessageSchema>;
