import {
  type ChatCompletion,
  type ChatCompletionChunk,
  type ChatCompletionRequest,
  JanusError,
  type LlmInfo,
  lenientChatCompletionSchema,
  parseChatCompletionStream,
  safeParseJsonWith,
  TimeoutError,
  UpstreamError,
  type Usage,
} from '@janus/protocol';
import ky from 'ky';
import { checkBaseUrl } from '../internal/check-base-url';
import {
  checkNumberOption,
  invalidOption,
  MAX_TIMER_MS,
} from '../internal/check-number-option';
import { anySignal, nextWithin } from '../internal/next-within';
import { readBodyText } from '../internal/read-body-text';
import { toUpstreamError } from '../internal/to-upstream-error';
import { VERSION } from '../version';
import { defaultPrices, type ModelPrice, priceUsage } from './price-table';

/** Options of {@link createLlmClient}. */
export interface LlmClientOptions {
  /** OpenAI-compatible base URL, e.g. `https://llm.chutes.ai/v1`. */
  baseURL: string;
  apiKey?: string;
  /** Model id sent upstream (replaces the request's `model`). */
  model: string;
  /**
   * Timeouts in ms: `firstByte` (until response headers, per attempt; default
   * 30 000), `idle` (between stream events, or between body chunks of a
   * `complete()` answer; default 60 000), `total` (whole call, reading the
   * body included, for `streamChat` and `complete`; default none). A number
   * sets `firstByte`.
   */
  timeoutMs?: number | { firstByte?: number; idle?: number; total?: number };
  /** Retries before the first byte on 408/429/502/503/504 and network errors (default 2). Never after. */
  retry?: number;
  /** Custom fetch (tests, proxies). */
  fetch?: typeof globalThis.fetch;
  /** Prices merged over {@link defaultPrices}. */
  prices?: Record<string, ModelPrice>;
  /** What `/health` reports; default `real`/`custom`. */
  mode?: 'real' | 'scripted';
  provider?: string;
}

/** A chat request as the LLM client takes it (model and stream are set by the client). */
export type LlmChatRequest = Omit<ChatCompletionRequest, 'model' | 'stream'> & {
  model?: string;
};

/**
 * What {@link LlmClient.health} reports, for a competitor's `health()`
 * option. A type, not an interface, so it fits `Partial<CompetitorHealth>`.
 */
export type LlmHealthFields = {
  /** False while the last call failed for the LLM's sake (see `health()`). */
  llm_available: boolean;
  /** That failure's message, while it stands. */
  llm_error?: string;
};

/** Upstream statuses that blame the request, not the LLM's availability. */
const requestFaultStatuses = new Set([400, 413, 422]);

/** An OpenAI-compatible upstream LLM. */
export interface LlmClient {
  readonly model: string;
  /** For `/health` (`llm` field); never includes the key. */
  readonly info: LlmInfo;
  /**
   * Streams a chat completion. Chunks are read leniently (missing envelope
   * fields filled, tool calls without `id` or `index` given one) and
   * validated; the usage chunk gets `cost_usd`. Errors (HTTP, in-stream, timeouts) are thrown as Janus
   * errors; `signal` aborts the upstream request.
   */
  streamChat(options: {
    request: LlmChatRequest;
    signal?: AbortSignal;
  }): AsyncIterable<ChatCompletionChunk>;
  /** A non-stream chat completion, read leniently like `streamChat` (usage priced). */
  complete(options: {
    request: LlmChatRequest;
    signal?: AbortSignal;
  }): Promise<ChatCompletion>;
  /** Adds `cost_usd` from the price table. */
  priceUsage(usage: Usage): Usage;
  /**
   * Whether the LLM answered lately, from the calls made (no probes):
   * `llm_available: false` (with `llm_error`) after a call failed because
   * of the LLM (unreachable, 5xx, 429, 401…, a timeout, an in-stream error),
   * until a later call gets a response. A request the LLM rejected as
   * invalid (400, 413, 422) and a caller's abort do not count. Before any
   * call: available.
   */
  health(): LlmHealthFields;
}

/**
 * Creates a client for any OpenAI-compatible upstream (ky 1 underneath):
 * explicit timeouts and retries, abort propagation, priced usage.
 *
 * @param options See {@link LlmClientOptions}. Checked at once: a
 *   `baseURL` that is not an absolute http(s) URL (or carries credentials,
 *   a query or a fragment), an empty `model`, a timeout that is not a
 *   number from 1 ms to 2^31 - 1 ms (`total`: 0 means none), or a `retry`
 *   that is not a whole number ≥ 0 throws a `JanusError`
 *   (`invalid_request`) naming the option.
 * @returns An {@link LlmClient}.
 * @example
 * ```ts
 * const llm = createLlmClient({ baseURL: model.url, model: 'janus-scripted' });
 * for await (const chunk of llm.streamChat({ request: { messages } })) …
 * ```
 */
export function createLlmClient(options: LlmClientOptions): LlmClient {
  const { firstByte, idle, total, retry } = checkLlmClientOptions(options);
  const prices = { ...defaultPrices, ...options.prices };
  const http = ky.create({
    prefixUrl: options.baseURL,
    headers: {
      ...(options.apiKey && { authorization: `Bearer ${options.apiKey}` }),
      'user-agent': `janus-competitor-kit/${VERSION}`,
    },
    timeout: firstByte,
    retry: {
      limit: retry,
      methods: ['post'],
      statusCodes: [408, 429, 502, 503, 504],
      backoffLimit: 4000,
    },
    fetch: options.fetch,
  });
  const price = (usage: Usage) =>
    priceUsage({ usage, model: options.model, prices });
  // The last failure that blames the LLM; cleared by the next response.
  let lastFailure: string | undefined;
  const noteFailure = (error: unknown, signal: AbortSignal | undefined) => {
    if (signal?.aborted) return;
    const blamesLlm =
      TimeoutError.isInstance(error) ||
      (UpstreamError.isInstance(error) &&
        !requestFaultStatuses.has(error.statusCode ?? 0));
    if (blamesLlm) lastFailure = error.message;
  };
  const body = (request: LlmChatRequest, stream: boolean) => {
    // Janus-only fields stay here: OpenAI rejects `metadata` without `store`.
    const {
      competitor_id: _competitor,
      metadata: _metadata,
      ...rest
    } = request;
    return {
      ...rest,
      model: options.model,
      stream,
      ...(stream && { stream_options: { include_usage: true } }),
    };
  };
  const post = async (
    request: LlmChatRequest,
    stream: boolean,
    signal: AbortSignal | undefined,
  ) => {
    // Serialised here, not by ky: a body that cannot be serialised (too
    // deep, a BigInt) is the request's fault, not an unreachable LLM.
    let json: string;
    try {
      json = JSON.stringify(body(request, stream));
    } catch (error) {
      throw new JanusError({
        message: `The LLM request body cannot be serialised as JSON: ${error instanceof Error ? error.message : String(error)}`,
        code: 'invalid_request',
        cause: error,
      });
    }
    try {
      const response = await http.post('chat/completions', {
        body: json,
        headers: { 'content-type': 'application/json' },
        signal,
      });
      lastFailure = undefined;
      return response;
    } catch (error) {
      throw await toUpstreamError({
        error,
        upstream: 'LLM',
        timeoutMs: firstByte,
      });
    }
  };

  /** The caller's signal combined with the `total` timeout (if any). */
  const callSignals = (signal: AbortSignal | undefined) => {
    const totalSignal = total ? AbortSignal.timeout(total) : undefined;
    return {
      total: totalSignal,
      combined: anySignal([signal, totalSignal]),
      totalError: () =>
        new TimeoutError({ phase: 'total', timeoutMs: total ?? 0 }),
    };
  };

  async function* streamChat(call: {
    request: LlmChatRequest;
    signal?: AbortSignal;
  }) {
    try {
      yield* streamChatOnce(call);
    } catch (error) {
      noteFailure(error, call.signal);
      throw error;
    }
  }

  async function* streamChatOnce({
    request,
    signal,
  }: {
    request: LlmChatRequest;
    signal?: AbortSignal;
  }) {
    const { total, combined, totalError } = callSignals(signal);
    let response: Response;
    try {
      response = await post(request, true, combined);
    } catch (error) {
      throw total?.aborted ? totalError() : error;
    }
    // Lenient: OpenAI-compatible servers leave out envelope fields (an
    // `id`, `object`, `created`) that the answer does not need, and tool
    // call ids, which the fast path's clients do need: they get one.
    const iterator = parseChatCompletionStream(response, {
      lenient: true,
    })[Symbol.asyncIterator]();
    try {
      for (;;) {
        let step: Awaited<ReturnType<typeof iterator.next>>;
        try {
          step = await nextWithin({
            promise: iterator.next(),
            idleMs: idle,
            signal: combined,
          });
        } catch (error) {
          // The combined signal's reason is a DOMException; name the cause.
          throw total?.aborted && !signal?.aborted ? totalError() : error;
        }
        if (step.done) return;
        const part = step.value;
        if (part.type === 'done') return;
        if (part.type === 'error') {
          if (signal?.aborted) throw signal.reason;
          throw total?.aborted ? totalError() : part.error;
        }
        if (part.type === 'data') {
          const chunk = part.value;
          yield chunk.usage ? { ...chunk, usage: price(chunk.usage) } : chunk;
        }
      }
    } finally {
      // Cancels the body: the upstream sees the disconnect. Not awaited: some
      // fetch implementations settle the cancel only when the peer closes.
      iterator.return?.().catch(() => {});
    }
  }

  return {
    model: options.model,
    info: {
      mode: options.mode ?? 'real',
      model: options.model,
      base_url: options.baseURL,
      provider: options.provider ?? 'custom',
    },
    streamChat,
    async complete({ request, signal }) {
      const { total, combined, totalError } = callSignals(signal);
      let text: string;
      try {
        const response = await post(request, false, combined);
        text = await readBodyText({ response, idleMs: idle, signal: combined });
      } catch (error) {
        // The combined signal's reason is a DOMException; name the cause.
        const thrown =
          total?.aborted && !signal?.aborted ? totalError() : error;
        noteFailure(thrown, signal);
        throw thrown;
      }
      const result = safeParseJsonWith({
        text,
        schema: lenientChatCompletionSchema,
        subject: 'LLM chat completion',
        code: 'invalid_response',
      });
      if (!result.success) throw result.error;
      const completion = result.value;
      return completion.usage
        ? { ...completion, usage: price(completion.usage) }
        : completion;
    },
    priceUsage: price,
    health: () => ({
      llm_available: lastFailure === undefined,
      ...(lastFailure !== undefined && { llm_error: lastFailure }),
    }),
  };
}

/**
 * The options that would otherwise fail every call (a negative timeout: "did
 * not answer within -5 ms") or only at the first call (a `baseURL` typo: an
 * "unreachable" 503), checked at creation; the timeouts and retries with
 * their defaults applied.
 */
function checkLlmClientOptions(options: LlmClientOptions) {
  const owner = 'createLlmClient';
  checkBaseUrl({ owner, name: 'baseURL', value: options.baseURL });
  if (typeof options.model !== 'string' || options.model.trim() === '')
    throw invalidOption(`${owner}: model must be a non-empty string`);
  // A number (or anything but an object, reported as `timeoutMs`) sets
  // `firstByte`.
  const { timeoutMs } = options;
  const perPhase = typeof timeoutMs === 'object' && timeoutMs !== null;
  const timeouts: Record<string, unknown> = perPhase
    ? timeoutMs
    : { firstByte: timeoutMs };
  const name = (key: string) => (perPhase ? `timeoutMs.${key}` : 'timeoutMs');
  const timeout = <Fallback extends number | undefined>(
    key: 'firstByte' | 'idle' | 'total',
    fallback: Fallback,
    min = 1,
  ) =>
    checkNumberOption({
      owner,
      name: name(key),
      value: timeouts[key],
      fallback,
      min,
      max: MAX_TIMER_MS,
    });
  return {
    firstByte: timeout('firstByte', 30_000),
    idle: timeout('idle', 60_000),
    // 0: none, as when it is left out.
    total: timeout('total', undefined, 0) || undefined,
    retry: checkNumberOption({
      owner,
      name: 'retry',
      value: options.retry,
      fallback: 2,
      min: 0,
      integer: true,
    }),
  };
}
