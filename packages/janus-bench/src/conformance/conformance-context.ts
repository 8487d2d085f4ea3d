import { describeError } from '../internal/describe-error';
import { joinUrl } from '../internal/join-url';
import type { InvalidRequest } from './invalid-requests';
import { readSandboxStatus } from './read-sandbox-status';
import { recordChatStream, type StreamRecording } from './record-chat-stream';
import { safeParseJson } from './safe-parse-json';
import type { RunConformanceOptions } from './types';

/** A deterministic prompt every target answers on its fast path. */
export const SIMPLE_PROMPT = 'What is the capital of France?';
/** A prompt that needs the Sandy path: code, run, file. */
export const AGENT_PROMPT =
  'Write a small Python program that prints the first 10 square numbers and save its output to a file';

/** A plain HTTP exchange: status, headers and the body as text and JSON. */
export interface HttpExchange {
  status: number;
  contentType: string;
  headers: Headers;
  text: string;
  /** The parsed body, `undefined` when it is not JSON. */
  json: unknown;
}

/** Whether the target's Sandy path can run, per its `/health`. */
export type SandboxStatus = 'available' | 'unavailable' | 'unknown';

/** The agent-path recording, or why Sandy checks do not apply. */
export type AgentRun = { recording: StreamRecording } | { skip: string };

/**
 * Shared state of one conformance run: HTTP helpers bound to the target and
 * lazily made, memoised requests that several checks inspect (one streamed
 * and one non-streamed simple answer, one agent-path stream).
 *
 * @internal
 */
export class ConformanceContext {
  readonly target: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
  private readonly apiKey: string | undefined;
  /** The `model` option, when one was given. */
  readonly explicitModel: string | undefined;
  private readonly memo = new Map<string, Promise<unknown>>();
  /** Whether any plain request got an HTTP answer, and how many got none. */
  private answered = false;
  private unanswered = 0;

  constructor(options: RunConformanceOptions) {
    this.target = baseTarget(options.target);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.apiKey = options.apiKey;
    this.explicitModel = options.model;
  }

  /**
   * Absolute URL of a target path (`/v1/models`) or of a relative artifact
   * URL: appended to the target's path, the target's query kept at the end.
   */
  url(path: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return path;
    return joinUrl({ base: this.target, path });
  }

  /** Request headers: auth when an API key was given. */
  headers(extra: Record<string, string> = {}): Record<string, string> {
    return this.apiKey === undefined
      ? extra
      : { authorization: `Bearer ${this.apiKey}`, ...extra };
  }

  /** Sends one request and reads the whole body (bounded by the timeout). */
  async request(
    path: string,
    init: { method?: string; body?: string; contentType?: string } = {},
  ): Promise<HttpExchange> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    const headers = this.headers(
      init.contentType ? { 'content-type': init.contentType } : {},
    );
    try {
      const response = await this.fetch(this.url(path), {
        method: init.method ?? 'GET',
        headers,
        body: init.body,
        signal,
      });
      this.answered = true;
      const text = await response.text();
      return {
        status: response.status,
        contentType: response.headers.get('content-type') ?? '',
        headers: response.headers,
        text,
        json: safeParseJson(text),
      };
    } catch (error) {
      this.unanswered++;
      throw new Error(
        signal.aborted
          ? `${init.method ?? 'GET'} ${path} timed out after ${this.timeoutMs}ms`
          : `${init.method ?? 'GET'} ${path} failed: ${describeError(error)}`,
      );
    }
  }

  /**
   * Why the remaining checks are not worth running: the first two requests
   * (`GET /health`, `GET /v1/models`) got no HTTP answer at all, refused or
   * timed out, so the target is down or hangs, and every other check would
   * fail the same way (after a full timeout each, for a hanging target).
   * `undefined` once anything answered, even with an error status.
   */
  unreachable(): string | undefined {
    if (this.answered || this.unanswered < 2) return undefined;
    return 'not run: the target answered neither GET /health nor GET /v1/models';
  }

  /** A chat request body for `prompt`. */
  async chatBody(prompt: string, stream: boolean): Promise<object> {
    return {
      model: await this.model(),
      messages: [{ role: 'user', content: prompt }],
      stream,
      ...(stream ? { stream_options: { include_usage: true } } : {}),
    };
  }

  /** `GET /health` (memoised: the first answer of the run). */
  health(): Promise<HttpExchange> {
    return this.once('health', () => this.request('/health'));
  }

  /** The model to send: the option, else the first `/v1/models` id. */
  model(): Promise<string> {
    return this.once('model', async () => {
      if (this.explicitModel !== undefined) return this.explicitModel;
      const models = await this.request('/v1/models').catch(() => undefined);
      const data = (models?.json as { data?: Array<{ id?: unknown }> })?.data;
      const id = Array.isArray(data) ? data[0]?.id : undefined;
      return typeof id === 'string' ? id : 'janus-conformance';
    });
  }

  /** The streamed answer to {@link SIMPLE_PROMPT}, with usage requested. */
  simpleStream(): Promise<StreamRecording> {
    return this.once('simple-stream', async () =>
      this.stream(await this.chatBody(SIMPLE_PROMPT, true)),
    );
  }

  /** The non-streamed answer to {@link SIMPLE_PROMPT}. */
  simpleCompletion(): Promise<HttpExchange> {
    return this.once('simple-completion', async () =>
      this.request('/v1/chat/completions', {
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify(await this.chatBody(SIMPLE_PROMPT, false)),
      }),
    );
  }

  /**
   * The answer to a chat request that must be rejected (memoised: the
   * `error-*` checks and `error-as-content` read the same answer).
   */
  invalidAnswer(request: InvalidRequest): Promise<HttpExchange> {
    return this.once(`invalid-request:${request.key}`, async () =>
      this.request('/v1/chat/completions', {
        method: 'POST',
        contentType: 'application/json',
        body: request.body(await this.model()),
      }),
    );
  }

  /** Records a streamed chat completion of `body`. */
  stream(body: object): Promise<StreamRecording> {
    return recordChatStream({
      fetch: this.fetch,
      url: this.url('/v1/chat/completions'),
      headers: this.headers(),
      body,
      timeoutMs: this.timeoutMs,
    });
  }

  /** What `/health` says about the sandbox (gateway: its default competitor). */
  sandboxStatus(): Promise<SandboxStatus> {
    return this.once('sandbox-status', async () => {
      const health = (await this.health().catch(() => undefined))?.json;
      return readSandboxStatus({ health, model: await this.model() });
    });
  }

  /** Whether the target says it runs on the offline scripted model. */
  async isScripted(): Promise<boolean> {
    const health = (await this.health().catch(() => undefined))?.json as
      | {
          llm?: { mode?: unknown };
          competitors?: Array<{ llm?: { mode?: unknown } }>;
        }
      | undefined;
    if (health?.llm?.mode === 'scripted') return true;
    const competitors = health?.competitors ?? [];
    return (
      competitors.length > 0 &&
      competitors.every(competitor => competitor.llm?.mode === 'scripted')
    );
  }

  /** The agent-path stream, or a reason to skip the Sandy checks. */
  agentRun(): Promise<AgentRun> {
    return this.once('agent-run', async (): Promise<AgentRun> => {
      const status = await this.sandboxStatus();
      if (status === 'unavailable') {
        return { skip: 'the target reports its sandbox as unavailable' };
      }
      const recording = await this.stream(
        await this.chatBody(AGENT_PROMPT, true),
      );
      const usedSandbox = recording.parts.some(
        ({ part }) =>
          part.type === 'data' &&
          part.value.choices.some(
            c => c.delta.janus?.event === 'sandbox_start',
          ),
      );
      if (status === 'unknown' && !usedSandbox && !recording.failure) {
        return {
          skip: '/health has no sandbox_available and the agent prompt ran without a sandbox',
        };
      }
      return { recording };
    });
  }

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let promise = this.memo.get(key) as Promise<T> | undefined;
    if (promise === undefined) {
      promise = make();
      this.memo.set(key, promise);
    }
    return promise;
  }
}

/**
 * The target's base URL: without a trailing `/` or `/v1` on its path (people
 * paste OpenAI base URLs), its query kept, its fragment dropped.
 */
function baseTarget(target: string): string {
  const [withoutHash = ''] = target.split('#', 1);
  const queryAt = withoutHash.indexOf('?');
  const path = queryAt < 0 ? withoutHash : withoutHash.slice(0, queryAt);
  const query = queryAt < 0 ? '' : withoutHash.slice(queryAt);
  return `${path.replace(/\/+$/, '').replace(/\/v1$/, '')}${query}`;
}
