import { z } from 'zod/v4';

/** A function tool the model may call. */
export const toolSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({
    /** Function name (`a-z`, `A-Z`, `0-9`, `_`, `-`, at most 64 characters). */
    name: z.string().min(1).max(64),
    /** What the function does; the model reads it. */
    description: z.string().optional(),
    /** JSON Schema of the arguments. */
    parameters: z.record(z.string(), z.unknown()).optional(),
    /** OpenAI structured-outputs strictness. */
    strict: z.boolean().nullish(),
  }),
});
/** A function tool the model may call. */
export type Tool = z.infer<typeof toolSchema>;

/** `none` | `auto` | `required` | a named function. */
export const toolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({
    type: z.literal('function'),
    function: z.looseObject({ name: z.string() }),
  }),
]);
/** `none` | `auto` | `required` | a named function. */
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/** A complete tool call (in a message or an accumulated response). */
export const toolCallSchema = z.looseObject({
  /** Call id, echoed by the `tool` message that answers it. */
  id: z.string(),
  type: z.literal('function'),
  function: z.looseObject({
    /** The function called. */
    name: z.string(),
    /** JSON-encoded arguments (may be invalid JSON; models are not perfect). */
    arguments: z.string(),
  }),
});
/** A complete tool call. */
export type ToolCall = z.infer<typeof toolCallSchema>;

/**
 * A streamed tool-call fragment. The first fragment for an `index` carries
 * `id`, `type` and `function.name`; later ones append `function.arguments`.
 */
export const toolCallDeltaSchema = z.looseObject({
  /** Which call this fragment belongs to; fragments merge by index. */
  index: z.number().int().nonnegative(),
  id: z.string().nullish(),
  type: z.literal('function').nullish(),
  function: z
    .looseObject({
      name: z.string().nullish(),
      arguments: z.string().nullish(),
    })
    .nullish(),
});
/** A streamed tool-call fragment. */
export type ToolCallDelta = z.infer<typeof toolCallDeltaSchema>;
