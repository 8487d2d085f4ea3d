import {
  JanusError,
  safeParseJsonWith,
  TimeoutError,
  UpstreamError,
} from '@janus/protocol';
import { z } from 'zod/v4';
import type { ArtifactRewriter } from '../artifacts/artifact-rewriter';
import type { GatewayContext, RequestScope } from '../gateway/gateway-context';
import type { UpstreamAbort } from '../internal/direct-io';
import { readLimitedText } from '../internal/read-limited-text';
import type { UpstreamConnection } from './fetch-upstream';
import { rewriteCompletionArtifacts } from './rewrite-chunk-artifacts';

/** Any JSON object: the competitor's completion is forwarded as it came (with a `choices` array, checked after any error body). */
const completionObjectSchema = z.looseObject({});

/** Largest non-stream competitor answer the gateway accepts (64 MiB). */
const MAX_COMPLETION_BYTES = 64 * 1024 * 1024;

/** What the stream and non-stream paths get from `handleChatCompletion`. @internal */
export interface ChatPathOptions {
  context: GatewayContext;
  scope: RequestScope;
  /** The upstream answer (2xx) or its failure, retries done. */
  connection: Promise<UpstreamConnection>;
  /** Aborts the upstream request. */
  upstream: UpstreamAbort;
  /**
   * The artifact rewriter for the competitor that answers, made once the
   * route is settled (after a failover it is not the first one chosen).
   */
  rewriter: () => ArtifactRewriter;
  /**
   * Ends failover: a stream calls it when it commits to its `200` (the
   * response already names its competitor).
   */
  commit: () => void;
}

/**
 * The non-stream path: wait for the competitor's `chat.completion` within the
 * total timeout, rewrite its artifact URLs, answer with it. Failures are HTTP
 * statuses with OpenAI error bodies (thrown to the gateway boundary).
 *
 * @internal
 */
export async function handleNonStream(
  options: ChatPathOptions,
): Promise<Response> {
  const { context, scope, upstream } = options;
  const totalMs = context.options.timeouts.totalMs;
  let timedOut = false;
  let completed = false;
  const timer =
    totalMs > 0
      ? setTimeout(
          () => {
            timedOut = true;
            upstream.abort(
              new TimeoutError({ phase: 'total', timeoutMs: totalMs }),
            );
          },
          Math.max(0, scope.startedAt + totalMs - Date.now()),
        )
      : undefined;
  try {
    const { response } = await options.connection;
    const text = await readLimitedText(response.body, MAX_COMPLETION_BYTES);
    if (upstream.aborted) throw upstream.reason;
    const parsed = safeParseJsonWith({
      text,
      schema: completionObjectSchema,
      subject: 'competitor completion',
      code: 'invalid_response',
    });
    if (!parsed.success) {
      throw new UpstreamError({
        message: `The competitor sent an invalid completion: ${parsed.error.message}`,
        code: 'invalid_response',
        statusCode: response.status,
        isRetryable: false,
      });
    }
    const failure = errorBodyOf(parsed.value);
    if (failure) {
      // A 200 that carries only an error (some proxies answer so) is the
      // competitor failing, not a completion: the client gets a 502 with the
      // competitor's message, as for a 5xx.
      throw new UpstreamError({
        message: `The competitor answered with an error: ${failure.message}`,
        code: 'upstream_error',
        statusCode: response.status,
        upstreamCode: failure.code,
        isRetryable: false,
      });
    }
    // Forwarded as it came, but it must be a completion at all: a client
    // reads `choices[0]` (the full schema is the bench's conformance job).
    if (!Array.isArray(parsed.value.choices)) {
      throw new UpstreamError({
        message:
          'The competitor sent an invalid completion: it has no choices array',
        code: 'invalid_response',
        statusCode: response.status,
        isRetryable: false,
      });
    }
    const rewriter = options.rewriter();
    const removed = await rewriteCompletionArtifacts(parsed.value, rewriter);
    if (removed > 0) rewriter.reportInvalid(removed);
    const ttft = Date.now() - scope.startedAt;
    scope.ttftMs = ttft;
    context.metrics.observeTtft(scope.competitor!, ttft);
    completed = true;
    return new Response(JSON.stringify(parsed.value), {
      status: 200,
      headers: {
        'content-type': 'application/json',
        ...scope.responseHeaders,
      },
    });
  } catch (error) {
    if (timedOut)
      throw new TimeoutError({ phase: 'total', timeoutMs: totalMs });
    if (JanusError.isInstance(error)) throw error;
    throw upstream.aborted && upstream.reason !== undefined
      ? upstream.reason
      : error;
  } finally {
    clearTimeout(timer);
    // After a complete read there is nothing to abort; otherwise stop the upstream.
    if (!completed) upstream.abort();
  }
}

/** The `error` of a body that is `{"error":{…}}` and not a completion. */
function errorBodyOf(
  value: Record<string, unknown>,
): { message: string; code?: string } | undefined {
  const { error, choices } = value;
  if (error === null || typeof error !== 'object' || Array.isArray(choices))
    return undefined;
  const { message, code, type } = error as Record<string, unknown>;
  const upstreamCode = code ?? type;
  return {
    message: typeof message === 'string' ? message : 'no message',
    code: upstreamCode == null ? undefined : String(upstreamCode),
  };
}
