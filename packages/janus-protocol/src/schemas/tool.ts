import { z } from 'zod/v4';

/**
 * A function tool the model may call with JSON arguments: the only tool kind
 * `chatCompletionRequestSchema` takes (what Janus competitors read). For
 * every kind OpenAI defines, see {@link openAiToolSchema}.
 */
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

/** The input format of a custom tool: free text, or text a grammar accepts. */
const customToolFormatSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({
    type: z.literal('grammar'),
    grammar: z.looseObject({
      /** The grammar itself. */
      definition: z.string(),
      /** `lark` or `regex`. */
      syntax: z.enum(['lark', 'regex']),
    }),
  }),
]);

/** An OpenAI custom tool: the model calls it with free-form text input. */
export const customToolSchema = z.looseObject({
  type: z.literal('custom'),
  custom: z.looseObject({
    /** Tool name, echoed by its calls. */
    name: z.string().min(1),
    /** What the tool does; the model reads it. */
    description: z.string().optional(),
    /** Input format; unconstrained text when absent. */
    format: customToolFormatSchema.optional(),
  }),
});
/** An OpenAI custom tool. */
export type CustomTool = z.infer<typeof customToolSchema>;

/** Any tool OpenAI defines: a function or a custom tool (narrow on `type`). */
export const openAiToolSchema = z.discriminatedUnion('type', [
  toolSchema,
  customToolSchema,
]);
/** Any tool OpenAI defines. */
export type OpenAiTool = z.infer<typeof openAiToolSchema>;

const toolChoiceModeSchema = z.enum(['none', 'auto', 'required']);
const namedFunctionChoiceSchema = z.looseObject({
  type: z.literal('function'),
  function: z.looseObject({ name: z.string() }),
});

/** `none` | `auto` | `required` | a named function. */
export const toolChoiceSchema = z.union([
  toolChoiceModeSchema,
  namedFunctionChoiceSchema,
]);
/** `none` | `auto` | `required` | a named function. */
export type ToolChoice = z.infer<typeof toolChoiceSchema>;

/**
 * Every `tool_choice` OpenAI defines: {@link toolChoiceSchema}'s, a named
 * custom tool, or `allowed_tools` (a subset of `tools`, mode `auto` or
 * `required`).
 */
export const openAiToolChoiceSchema = z.union([
  toolChoiceModeSchema,
  z.discriminatedUnion('type', [
    namedFunctionChoiceSchema,
    z.looseObject({
      type: z.literal('custom'),
      custom: z.looseObject({ name: z.string() }),
    }),
    z.looseObject({
      type: z.literal('allowed_tools'),
      allowed_tools: z.looseObject({
        /** `auto`: may call one of them; `required`: must call one. */
        mode: z.enum(['auto', 'required']),
        /** Tool references, e.g. `{type:'function', function:{name}}`. */
        tools: z.array(z.record(z.string(), z.unknown())),
      }),
    }),
  ]),
]);
/** Every `tool_choice` OpenAI defines. */
export type OpenAiToolChoice = z.infer<typeof openAiToolChoiceSchema>;

/** A complete function tool call (in a message or an accumulated response). */
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
/** A complete function tool call. */
export type ToolCall = z.infer<typeof toolCallSchema>;

/** A complete call of an OpenAI custom tool: free-form text input. */
export const customToolCallSchema = z.looseObject({
  /** Call id, echoed by the `tool` message that answers it. */
  id: z.string(),
  type: z.literal('custom'),
  custom: z.looseObject({
    /** The custom tool called. */
    name: z.string(),
    /** The text input the model wrote. */
    input: z.string(),
  }),
});
/** A complete custom tool call. */
export type CustomToolCall = z.infer<typeof customToolCallSchema>;

/** Any tool call OpenAI defines: a function or a custom tool call (narrow on `type`). */
export const openAiToolCallSchema = z.discriminatedUnion('type', [
  toolCallSchema,
  customToolCallSchema,
]);
/** Any tool call OpenAI defines. */
export type OpenAiToolCall = z.infer<typeof openAiToolCallSchema>;

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
