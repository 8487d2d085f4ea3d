import { z } from 'zod/v4';

/**
 * The Sandy API (`/api/sandboxes`), compatible with the hosted Sandy used by
 * the original Janus. Request schemas are tolerant; response schemas accept
 * the hosted service's field variants (`sandboxId`/`sandbox_id`/`id`, …) and
 * normalise them. Server-side, `@janus/sandy` emits the canonical names.
 *
 * @see docs/architecture.md "Sandy API"
 */

/** `POST /api/sandboxes` body. Every field is optional. */
export const sandboxCreateRequestSchema = z.looseObject({
  /** Lifetime in seconds; extended by `POST /:id/refresh`. */
  ttl_seconds: z.number().int().positive().optional(),
  /** Hosted Sandy: 0 critical … 3 low, or a name such as `NORMAL`. */
  priority: z.union([z.number().int(), z.string()]).optional(),
  /** Ports the sandbox may expose. */
  expose_ports: z.array(z.number().int().positive()).optional(),
  /** Hosted Sandy flavor, e.g. `agent-ready`. */
  flavor: z.string().optional(),
  preemptable: z.boolean().optional(),
  /** Environment variables for every command in the sandbox. */
  env: z.record(z.string(), z.string()).optional(),
});
/** `POST /api/sandboxes` body. */
export type SandboxCreateRequest = z.infer<typeof sandboxCreateRequestSchema>;

/** Lifecycle state of a sandbox. */
export const sandboxStatusSchema = z.string();

/** A sandbox as returned by create and get (canonical names). */
export interface SandboxInfo {
  /** Sandbox id. */
  sandboxId: string;
  /** Public base URL of the sandbox (artifact and preview base), if any. */
  url: string | null;
  /** ISO creation time. */
  createdAt: string | null;
  /** ISO expiry time. */
  timeoutAt: string | null;
  /** `running`, `terminated`, … */
  status: string;
  /** Seconds until it expires, when the service says (`ttl_remaining`/`ttlRemaining`). */
  ttlRemaining?: number;
}

function ttlRemainingOf(seconds: number | null | undefined): {
  ttlRemaining?: number;
} {
  return seconds == null ? {} : { ttlRemaining: seconds };
}

/**
 * A create/get response, tolerant of the hosted Sandy's variants, normalised
 * to {@link SandboxInfo}.
 */
export const sandboxInfoSchema = z
  .looseObject({
    sandboxId: z.string().optional(),
    sandbox_id: z.string().optional(),
    id: z.string().optional(),
    url: z.string().nullish(),
    public_url: z.string().nullish(),
    sandbox_url: z.string().nullish(),
    createdAt: z.string().nullish(),
    created_at: z.string().nullish(),
    timeoutAt: z.string().nullish(),
    timeout_at: z.string().nullish(),
    status: z.string().nullish(),
    ttl_remaining: z.number().nullish(),
    ttlRemaining: z.number().nullish(),
  })
  .refine(value => Boolean(value.sandboxId ?? value.sandbox_id ?? value.id), {
    message: 'A sandbox response needs sandboxId, sandbox_id or id',
  })
  .transform(
    (value): SandboxInfo => ({
      sandboxId: (value.sandboxId ?? value.sandbox_id ?? value.id) as string,
      url: value.url ?? value.public_url ?? value.sandbox_url ?? null,
      createdAt: value.createdAt ?? value.created_at ?? null,
      timeoutAt: value.timeoutAt ?? value.timeout_at ?? null,
      status: value.status ?? 'running',
      ...ttlRemainingOf(value.ttl_remaining ?? value.ttlRemaining),
    }),
  );

/** `POST /api/sandboxes/:id/exec` body. */
export const execRequestSchema = z.looseObject({
  /** Shell command (run by `/bin/sh -c`). */
  command: z.string().min(1),
  /** Working directory, relative to `/workspace` or absolute inside it. */
  cwd: z.string().optional(),
  /** Extra environment variables. */
  env: z.record(z.string(), z.string()).optional(),
  /** Wall-clock limit in milliseconds. */
  timeoutMs: z.number().int().positive().optional(),
});
/** `POST /api/sandboxes/:id/exec` body. */
export type ExecRequest = z.infer<typeof execRequestSchema>;

/** The result of an exec, normalised (`exit_code` is accepted for `exitCode`). */
export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  /** The command was killed by its wall-clock limit (Janus extension). */
  timedOut: boolean;
  /** Output was cut at the per-stream cap (Janus extension). */
  truncated: boolean;
  /** Wall time in milliseconds (Janus extension), when reported. */
  durationMs: number | null;
}

/** `POST /api/sandboxes/:id/exec` response, tolerant, normalised to {@link ExecResult}. */
export const execResultSchema = z
  .looseObject({
    stdout: z.string().nullish(),
    stderr: z.string().nullish(),
    exitCode: z.number().int().nullish(),
    exit_code: z.number().int().nullish(),
    timedOut: z.boolean().nullish(),
    truncated: z.boolean().nullish(),
    durationMs: z.number().nullish(),
  })
  .transform(
    (value): ExecResult => ({
      stdout: value.stdout ?? '',
      stderr: value.stderr ?? '',
      exitCode: value.exitCode ?? value.exit_code ?? -1,
      timedOut: value.timedOut ?? false,
      truncated: value.truncated ?? false,
      durationMs: value.durationMs ?? null,
    }),
  );

/** `POST /api/sandboxes/:id/files/write` body. */
export const fileWriteRequestSchema = z.looseObject({
  /** Path relative to `/workspace`, or absolute inside it. */
  path: z.string().min(1),
  /** File content: UTF-8 text, or base64 when `encoding` is `base64`. */
  content: z.string(),
  encoding: z.enum(['utf-8', 'utf8', 'base64']).optional(),
});
/** `POST /api/sandboxes/:id/files/write` body. */
export type FileWriteRequest = z.infer<typeof fileWriteRequestSchema>;

/** `GET /api/sandboxes/:id/files/read` JSON response (hosted Sandy may also answer raw bytes). */
export const fileReadResponseSchema = z.looseObject({
  content: z.string(),
  encoding: z.enum(['utf-8', 'utf8', 'base64']).optional(),
  path: z.string().optional(),
  size: z.number().int().nonnegative().optional(),
});
/** `GET /api/sandboxes/:id/files/read` JSON response. */
export type FileReadResponse = z.infer<typeof fileReadResponseSchema>;

/** `GET /api/sandboxes/:id/files/list` response. */
export const fileListResponseSchema = z.looseObject({
  /** Paths relative to the listed directory. */
  files: z.array(z.string()),
  /** Janus extension: the listing stopped at the service's limit (more entries exist). */
  truncated: z.boolean().optional(),
  /** Janus extension: type and size of each entry. */
  entries: z
    .array(
      z.looseObject({
        path: z.string(),
        type: z.enum(['file', 'directory', 'symlink', 'other']),
        size: z.number().int().nonnegative(),
      }),
    )
    .optional(),
});
/** `GET /api/sandboxes/:id/files/list` response. */
export type FileListResponse = z.infer<typeof fileListResponseSchema>;

/** `POST /api/sandboxes/:id/agent/run` body. */
export const agentRunRequestSchema = z.looseObject({
  /** Which agent: `builtin` (the @janus/sandy agent), or a CLI agent (`claude-code`, …). */
  agent: z.string().min(1),
  /** The task for the agent. */
  prompt: z.string().min(1),
  /** Model id for the agent's LLM. */
  model: z.string().optional(),
  /** OpenAI-compatible base URL of the agent's LLM. */
  apiBaseUrl: z.string().optional(),
  /** API key for `apiBaseUrl` (Janus extension; hosted Sandy passes keys in `env`). */
  apiKey: z.string().optional(),
  /** Maximum run time in seconds. */
  maxDuration: z.number().positive().optional(),
  /** Skip prompt wrapping. */
  rawPrompt: z.boolean().optional(),
  systemPrompt: z.string().optional(),
  /** Environment for the agent process (hosted Sandy reads both names). */
  env: z.record(z.string(), z.string()).optional(),
  envVars: z.record(z.string(), z.string()).optional(),
});
/** `POST /api/sandboxes/:id/agent/run` body. */
export type AgentRunRequest = z.infer<typeof agentRunRequestSchema>;

/**
 * Claude-Code-style `stream-json` messages carried by `agent-output` events.
 * The @janus/sandy built-in agent emits the same shapes, so one mapper serves
 * both. Loose: CLI agents add fields freely.
 */
export const agentOutputMessageSchema = z.looseObject({
  /** `system` | `assistant` | `user` | `result` | `stream_event` | … */
  type: z.string(),
  subtype: z.string().optional(),
  /** `assistant`/`user`: `{ content: [{type:'text'|'tool_use'|'tool_result'|'thinking', …}] }`. */
  message: z
    .looseObject({
      content: z.union([
        z.string(),
        z.array(z.looseObject({ type: z.string() })),
      ]),
    })
    .optional(),
  /** `result`: the final answer text. */
  result: z.string().optional(),
  is_error: z.boolean().optional(),
  /** `stream_event`: `{ type:'content_block_delta', delta:{ type:'text_delta', text } }`. */
  event: z.unknown().optional(),
  /** `result`: token usage. */
  usage: z
    .looseObject({
      input_tokens: z.number().optional(),
      output_tokens: z.number().optional(),
    })
    .optional(),
  total_cost_usd: z.number().optional(),
});
/** A Claude-Code-style agent output message. */
export type AgentOutputMessage = z.infer<typeof agentOutputMessageSchema>;

/** `status {message}`: a progress line. */
export const agentStatusEventSchema = z.looseObject({
  type: z.literal('status'),
  message: z.string(),
});
/** `output {text}`: raw stdout/stderr of the agent process (may hold ANSI codes). */
export const agentProcessOutputEventSchema = z.looseObject({
  type: z.literal('output'),
  text: z.string(),
  stream: z.enum(['stdout', 'stderr']).optional(),
});
/** `agent-output {data}`: one structured agent message. */
export const agentOutputEventSchema = z.looseObject({
  type: z.literal('agent-output'),
  data: agentOutputMessageSchema,
});
/** `files-update {changes}`: files changed in the workspace. */
export const agentFilesUpdateEventSchema = z.looseObject({
  type: z.literal('files-update'),
  changes: z
    .array(
      z.looseObject({ path: z.string(), changeType: z.string().optional() }),
    )
    .optional(),
});
/** `heartbeat {elapsed}`: keep-alive, elapsed seconds. */
export const agentHeartbeatEventSchema = z.looseObject({
  type: z.literal('heartbeat'),
  elapsed: z.number().optional(),
});
/** `complete {success, exitCode, duration}`: the run ended. */
export const agentCompleteEventSchema = z.looseObject({
  type: z.literal('complete'),
  success: z.boolean(),
  exitCode: z.number().int().nullish(),
  /** Seconds. */
  duration: z.number().nullish(),
});
/** `error {error}`: the run failed. */
export const agentErrorEventSchema = z.looseObject({
  type: z.literal('error'),
  error: z.string(),
});

/** One event of the `agent/run` SSE stream. */
export const agentEventSchema = z.discriminatedUnion('type', [
  agentStatusEventSchema,
  agentProcessOutputEventSchema,
  agentOutputEventSchema,
  agentFilesUpdateEventSchema,
  agentHeartbeatEventSchema,
  agentCompleteEventSchema,
  agentErrorEventSchema,
]);
/** One event of the `agent/run` SSE stream. */
export type AgentEvent = z.infer<typeof agentEventSchema>;

/** Janus extension: one event of `POST /api/sandboxes/:id/exec/stream` (SSE). */
export const execStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('stdout'), data: z.string() }),
  z.looseObject({ type: z.literal('stderr'), data: z.string() }),
  z.looseObject({
    type: z.literal('exit'),
    exitCode: z.number().int(),
    timedOut: z.boolean(),
    truncated: z.boolean(),
    durationMs: z.number().nonnegative(),
  }),
  z.looseObject({ type: z.literal('error'), error: z.string() }),
]);
/** One event of the streaming exec. */
export type ExecStreamEvent = z.infer<typeof execStreamEventSchema>;

/** Sandy's error body, `{ error: { message, code } }`. */
export const sandyErrorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    code: z.string().optional(),
  }),
});
/** Sandy's error body. */
export type SandyErrorBody = z.infer<typeof sandyErrorBodySchema>;
