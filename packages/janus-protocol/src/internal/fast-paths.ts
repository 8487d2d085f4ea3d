import { chatCompletionChunkSchema } from '../schemas/chat-completion-chunk';
import {
  chatCompletionRequestSchema,
  openAiChatCompletionRequestSchema,
} from '../schemas/chat-completion-request';
import { isPlainChatCompletionChunk } from './is-plain-chat-completion-chunk';
import { isPlainChatCompletionRequest } from './is-plain-chat-completion-request';

/**
 * A cheap check that implies `schema` accepts a value unchanged, for the hot
 * schemas (request on the gateway's way in, chunk on every streamed event).
 * Only for freshly parsed JSON: the value it accepts is returned as it is,
 * not copied as zod would.
 */
export function fastPathFor(
  schema: unknown,
): ((value: unknown) => boolean) | undefined {
  if (schema === chatCompletionChunkSchema) return isPlainChatCompletionChunk;
  // A plain request has no tools and no tool_choice: both schemas take it.
  if (
    schema === chatCompletionRequestSchema ||
    schema === openAiChatCompletionRequestSchema
  )
    return isPlainChatCompletionRequest;
  return undefined;
}
