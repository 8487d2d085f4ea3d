import { z } from 'zod/v4';
import { artifactSchema } from './artifact';

/** A sandbox was created for this request. */
export const sandboxStartEventSchema = z.strictObject({
  event: z.literal('sandbox_start'),
  payload: z.strictObject({
    /** The sandbox id (as the sandbox service names it). */
    sandbox_id: z.string(),
  }),
});

/** The sandbox of this request was terminated. */
export const sandboxEndEventSchema = z.strictObject({
  event: z.literal('sandbox_end'),
  payload: z.strictObject({
    sandbox_id: z.string(),
    /** How long the sandbox lived, in milliseconds. */
    duration_ms: z.number().nonnegative(),
  }),
});

/** A tool step began (an agent ran a command, wrote a file, …). */
export const toolStartEventSchema = z.strictObject({
  event: z.literal('tool_start'),
  payload: z.strictObject({
    /** Tool name, e.g. `run_command`. */
    name: z.string(),
    /** The tool input (free-form, JSON-serialisable). */
    input: z.unknown().optional(),
    /** Pairs a `tool_start` with its `tool_end` (Janus addition; optional). */
    id: z.string().optional(),
  }),
});

/** A tool step ended. */
export const toolEndEventSchema = z.strictObject({
  event: z.literal('tool_end'),
  payload: z.strictObject({
    name: z.string(),
    /** Whether the step succeeded. */
    ok: z.boolean(),
    /** The tool output (free-form, usually truncated text). */
    output: z.unknown().optional(),
    /** Same id as the matching `tool_start`, when it had one. */
    id: z.string().optional(),
  }),
});

/** Files were produced; fetch them through the gateway. */
export const artifactsEventSchema = z.strictObject({
  event: z.literal('artifacts'),
  payload: z.strictObject({
    items: z.array(artifactSchema),
  }),
});

/** A screenshot (e.g. of a browser the agent drives). */
export const screenshotEventSchema = z.strictObject({
  event: z.literal('screenshot'),
  payload: z.strictObject({
    /** Image URL (gateway artifact URL or `data:` URL). */
    url: z.string(),
    title: z.string().optional(),
  }),
});

/** A human-readable status line. */
export const statusEventSchema = z.strictObject({
  event: z.literal('status'),
  payload: z.strictObject({
    message: z.string(),
  }),
});

/**
 * The Janus event union carried in `choices[].delta.janus`. Strict: unknown
 * events or payload fields are rejected, so producers and consumers agree.
 */
export const janusEventSchema = z.discriminatedUnion('event', [
  sandboxStartEventSchema,
  sandboxEndEventSchema,
  toolStartEventSchema,
  toolEndEventSchema,
  artifactsEventSchema,
  screenshotEventSchema,
  statusEventSchema,
]);
/** A Janus structured event. */
export type JanusEvent = z.infer<typeof janusEventSchema>;
/** The name of a Janus event. */
export type JanusEventName = JanusEvent['event'];
/** The payload type of a given Janus event. */
export type JanusEventPayload<Name extends JanusEventName> = Extract<
  JanusEvent,
  { event: Name }
>['payload'];
