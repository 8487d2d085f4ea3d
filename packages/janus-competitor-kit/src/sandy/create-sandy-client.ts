import {
  type AgentEvent,
  type AgentRunRequest,
  agentEventSchema,
  type ExecRequest,
  type ExecResult,
  type ExecStreamEvent,
  execResultSchema,
  execStreamEventSchema,
  type FileListResponse,
  fileListResponseSchema,
  parseJsonEventStream,
  type SandboxCreateRequest,
  type SandboxInfo,
  safeParseJsonWith,
  sandboxInfoSchema,
  UpstreamError,
} from '@janus/protocol';
import ky, { type KyInstance } from 'ky';
import { bytesToBase64 } from '../internal/base64';
import { checkBaseUrl } from '../internal/check-base-url';
import {
  checkNumberOption,
  MAX_TIMER_MS,
} from '../internal/check-number-option';
import { toUpstreamError } from '../internal/to-upstream-error';
import { VERSION } from '../version';
import { fileBodyStream, readFileBody } from './read-file-body';

/** Sandy's limit for a command that names no `timeoutMs` (@janus/sandy `execTimeoutMs`). */
const sandyExecTimeoutMs = 60_000;

/** An `agent/run` event: a validated {@link AgentEvent}, or one the schema does not know (kept raw). */
export type SandyAgentEvent =
  | AgentEvent
  | { type: 'unknown'; raw: Record<string, unknown> };

/** Options of {@link createSandyClient}. */
export interface SandyClientOptions {
  /** Sandy origin, e.g. `http://127.0.0.1:8787` (the client adds `/api/sandboxes`). */
  baseURL: string;
  apiKey?: string;
  fetch?: typeof globalThis.fetch;
  /**
   * Per-call timeout until response headers, in ms (default 30 000; 1 to
   * 2^31 - 1). `exec` waits the command's `timeoutMs`, else the longer of
   * this and Sandy's default command limit (60 000), plus 10 000.
   */
  timeoutMs?: number;
  /** Retries of idempotent GETs on 408/429/502/503/504 (default 1; a whole number ≥ 0). */
  retry?: number;
}

/** A typed client for the Sandy API. Every method takes an options object. */
export interface SandyClient {
  create(
    options?: SandboxCreateRequest & { signal?: AbortSignal },
  ): Promise<SandboxInfo>;
  get(options: {
    sandboxId: string;
    signal?: AbortSignal;
  }): Promise<SandboxInfo>;
  exec(
    options: ExecRequest & { sandboxId: string; signal?: AbortSignal },
  ): Promise<ExecResult>;
  /** Janus extension: streams stdout/stderr, then `exit`. */
  execStream(
    options: ExecRequest & { sandboxId: string; signal?: AbortSignal },
  ): AsyncIterable<ExecStreamEvent>;
  /** Writes text, or bytes (sent as base64). */
  writeFile(options: {
    sandboxId: string;
    path: string;
    content: string | Uint8Array;
    signal?: AbortSignal;
  }): Promise<void>;
  /** Reads bytes; accepts raw bodies and JSON `{content, encoding}` bodies. */
  readFile(options: {
    sandboxId: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<Uint8Array>;
  /**
   * Reads a file as a stream once Sandy answers: a raw body streams as it
   * arrives (what `collectArtifacts` hands to the artifact store); a JSON
   * `{content, encoding}` body is decoded whole first.
   */
  readFileStream(options: {
    sandboxId: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<ReadableStream<Uint8Array>>;
  listFiles(options: {
    sandboxId: string;
    path: string;
    signal?: AbortSignal;
  }): Promise<FileListResponse>;
  refresh(options: { sandboxId: string; signal?: AbortSignal }): Promise<void>;
  terminate(options: {
    sandboxId: string;
    signal?: AbortSignal;
  }): Promise<void>;
  /** Runs an agent; yields validated events until the stream ends (no `[DONE]` needed). */
  agentRun(
    options: AgentRunRequest & { sandboxId: string; signal?: AbortSignal },
  ): AsyncIterable<SandyAgentEvent>;
  agentCancel(options: {
    sandboxId: string;
    signal?: AbortSignal;
  }): Promise<void>;
}

/**
 * `files/read` as raw bytes: @janus/sandy sends them only for this `Accept`
 * (without `application/json`), else a JSON body with the file in base64,
 * which has to be read and decoded whole (a 60 MB file cost the competitor
 * 400 MB of memory). A Sandy that ignores it still answers JSON, decoded as
 * before.
 */
const RAW_FILE_HEADERS = { accept: 'application/octet-stream' };

/**
 * Creates a typed Sandy client (ky 1): tolerant of the hosted Sandy's field
 * variants (`sandboxId`/`sandbox_id`/`id`, `exitCode`/`exit_code`, raw or
 * JSON file reads); errors are `UpstreamError`s with the HTTP status.
 *
 * @param options See {@link SandyClientOptions}. Checked at once, as
 *   `createLlmClient` does: a `baseURL` that is not an absolute http(s) URL
 *   (or carries credentials, a query or a fragment), a `timeoutMs` outside
 *   1 to 2^31 - 1 or a `retry` that is not a whole number ≥ 0 throws a
 *   `JanusError` (`invalid_request`) naming the option.
 * @returns A {@link SandyClient}.
 * @example
 * ```ts
 * const sandy = createSandyClient({ baseURL: 'http://127.0.0.1:8787', apiKey });
 * const { sandboxId } = await sandy.create({ ttl_seconds: 600 });
 * ```
 */
export function createSandyClient(options: SandyClientOptions): SandyClient {
  const owner = 'createSandyClient';
  const baseURL = checkBaseUrl({
    owner,
    name: 'baseURL',
    // No options at all: the same message as a missing baseURL.
    value: options?.baseURL,
  });
  const timeoutMs = checkNumberOption({
    owner,
    name: 'timeoutMs',
    value: options.timeoutMs,
    fallback: 30_000,
    min: 1,
    max: MAX_TIMER_MS,
  });
  const retry = checkNumberOption({
    owner,
    name: 'retry',
    value: options.retry,
    fallback: 1,
    min: 0,
    integer: true,
  });
  const http: KyInstance = ky.create({
    prefixUrl: `${baseURL.replace(/\/+$/, '')}/api`,
    headers: {
      ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
      'user-agent': `janus-competitor-kit/${VERSION}`,
    },
    timeout: timeoutMs,
    retry: {
      limit: retry,
      methods: ['get'],
      statusCodes: [408, 429, 502, 503, 504],
    },
    fetch: options.fetch,
  });
  const call = async (
    method: 'get' | 'post',
    path: string,
    init: {
      json?: unknown;
      signal?: AbortSignal;
      searchParams?: Record<string, string>;
      timeout?: number;
      headers?: Record<string, string>;
    } = {},
  ): Promise<Response> => {
    try {
      return await http(path, { method, ...init });
    } catch (error) {
      throw await toUpstreamError({
        error,
        upstream: 'Sandy',
        timeoutMs: init.timeout ?? timeoutMs,
      });
    }
  };
  /**
   * The answer, parsed and validated: a body that is not JSON (a proxy's
   * HTML page) is a 502 `invalid_response`, one that breaks off a 502
   * `upstream_error`, never a bare `SyntaxError` or `TypeError`.
   */
  const json = async <T>(
    response: Response,
    schema: import('zod/v4').ZodType<T>,
    subject: string,
    signal: AbortSignal | undefined,
  ): Promise<T> => {
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw abortReasonOr(
        signal,
        new UpstreamError({
          message: `${subject}: the answer broke off: ${error instanceof Error ? error.message : String(error)}`,
          code: 'upstream_error',
          cause: error,
          isRetryable: false,
        }),
      );
    }
    const result = safeParseJsonWith({
      text,
      schema,
      subject,
      code: 'invalid_response',
    });
    if (!result.success) throw result.error;
    return result.value;
  };
  const id = (sandboxId: string) =>
    `sandboxes/${encodeURIComponent(sandboxId)}`;

  return {
    async create({ signal, ...request } = {}) {
      return json(
        await call('post', 'sandboxes', { json: request, signal }),
        sandboxInfoSchema,
        'Sandy sandbox',
        signal,
      );
    },
    async get({ sandboxId, signal }) {
      return json(
        await call('get', id(sandboxId), { signal }),
        sandboxInfoSchema,
        'Sandy sandbox',
        signal,
      );
    },
    async exec({ sandboxId, signal, ...request }) {
      // The HTTP wait covers the command's own limit (Sandy's default when
      // it names none) plus a margin, within ky's timer range (Sandy clamps
      // larger limits itself).
      const timeout = Math.min(
        (request.timeoutMs ?? Math.max(timeoutMs, sandyExecTimeoutMs)) + 10_000,
        MAX_TIMER_MS,
      );
      const response = await call('post', `${id(sandboxId)}/exec`, {
        json: request,
        signal,
        timeout,
      });
      return json(response, execResultSchema, 'Sandy exec result', signal);
    },
    async *execStream({ sandboxId, signal, ...request }) {
      const response = await call('post', `${id(sandboxId)}/exec/stream`, {
        json: request,
        signal,
        headers: { accept: 'text/event-stream' },
      });
      for await (const part of parseJsonEventStream(response, {
        schema: execStreamEventSchema,
        subject: 'Sandy exec event',
        requireDone: false,
      })) {
        if (part.type === 'error') throw abortReasonOr(signal, part.error);
        if (part.type === 'data') yield part.value;
      }
    },
    async writeFile({ sandboxId, path, content, signal }) {
      const body =
        typeof content === 'string'
          ? { path, content }
          : { path, content: bytesToBase64(content), encoding: 'base64' };
      await call('post', `${id(sandboxId)}/files/write`, {
        json: body,
        signal,
      });
    },
    async readFile({ sandboxId, path, signal }) {
      const response = await call('get', `${id(sandboxId)}/files/read`, {
        searchParams: { path },
        signal,
        headers: RAW_FILE_HEADERS,
      });
      return readFileBody(response);
    },
    async readFileStream({ sandboxId, path, signal }) {
      const response = await call('get', `${id(sandboxId)}/files/read`, {
        searchParams: { path },
        signal,
        headers: RAW_FILE_HEADERS,
      });
      return fileBodyStream(response);
    },
    async listFiles({ sandboxId, path, signal }) {
      const response = await call('get', `${id(sandboxId)}/files/list`, {
        searchParams: { path },
        signal,
      });
      return json(response, fileListResponseSchema, 'Sandy file list', signal);
    },
    async refresh({ sandboxId, signal }) {
      await call('post', `${id(sandboxId)}/refresh`, { signal });
    },
    async terminate({ sandboxId, signal }) {
      await call('post', `${id(sandboxId)}/terminate`, { signal });
    },
    async *agentRun({ sandboxId, signal, ...request }) {
      const response = await call('post', `${id(sandboxId)}/agent/run`, {
        json: request,
        signal,
        headers: { accept: 'text/event-stream' },
      });
      // Unvalidated decode, then per-event validation: hosted Sandy sends
      // types beyond the schema (`retry`, top-level `result`), and its
      // `error` event is data, not an in-stream error body.
      for await (const part of parseJsonEventStream(response, {
        requireDone: false,
        detectErrorEvents: false,
      })) {
        if (part.type === 'error') throw abortReasonOr(signal, part.error);
        if (part.type !== 'data') continue;
        const event = agentEventSchema.safeParse(part.value);
        if (event.success) yield event.data;
        else if (part.value !== null && typeof part.value === 'object')
          yield {
            type: 'unknown' as const,
            raw: part.value as Record<string, unknown>,
          };
      }
    },
    async agentCancel({ sandboxId, signal }) {
      await call('post', `${id(sandboxId)}/agent/cancel`, { signal });
    },
  };
}

/**
 * The abort reason once `signal` is aborted, else `error`: a body read cut by
 * the abort comes out of the SSE decoder as a `read_failed` stream error,
 * which would report an abort (never reported) as a Sandy failure.
 */
function abortReasonOr(signal: AbortSignal | undefined, error: unknown) {
  return signal?.aborted ? signal.reason : error;
}
