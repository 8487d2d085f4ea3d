import {
  type ChatCompletion,
  errorCodeForStatus,
  lenientChatCompletionSchema,
  safeParseJsonWith,
  UpstreamError,
} from '@janus/protocol';
import { z } from 'zod/v4';
import { chatCompletionsUrl } from './agent-config';

/** A Chat Completions message as the agent sends it. */
export type AgentMessage =
  | { role: 'system' | 'user'; content: string }
  | {
      role: 'assistant';
      content: string | null;
      tool_calls?: Array<{
        id: string;
        type: 'function';
        function: { name: string; arguments: string };
      }>;
    }
  | { role: 'tool'; tool_call_id: string; content: string };

/**
 * One non-streaming Chat Completions call with tools. Runs in the service
 * process, never in the sandbox (which has no network). Failures become
 * {@link UpstreamError}s with the upstream status and a short, sanitised
 * excerpt of the body ({@link upstreamExcerpt}).
 */
export async function callLlm(options: {
  baseUrl: string;
  apiKey?: string;
  model: string;
  messages: AgentMessage[];
  tools: unknown[];
  signal: AbortSignal;
  fetch: typeof fetch;
}): Promise<ChatCompletion> {
  const url = chatCompletionsUrl(options.baseUrl);
  let response: Response;
  try {
    response = await options.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.apiKey
          ? { authorization: `Bearer ${options.apiKey}` }
          : {}),
      },
      body: JSON.stringify({
        model: options.model,
        messages: options.messages,
        tools: options.tools,
        tool_choice: 'auto',
        stream: false,
      }),
      signal: options.signal,
    });
  } catch (cause) {
    if (options.signal.aborted) throw cause;
    // No URL or address in the message: it may be the operator's internal
    // endpoint. The errno code (ECONNREFUSED, …) or the error's own message.
    const code = (cause as { cause?: { code?: unknown } }).cause?.code;
    const reason =
      typeof code === 'string'
        ? code
        : upstreamExcerpt(cause instanceof Error ? cause.message : '');
    throw new UpstreamError({
      message: `The LLM is unreachable${reason ? `: ${reason}` : ''}`,
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok) {
    const excerpt = upstreamExcerpt(text, options.apiKey);
    throw new UpstreamError({
      message: `The LLM answered ${response.status}${excerpt ? `: ${excerpt}` : ''}`,
      statusCode: response.status,
      responseBody: excerpt,
      code:
        errorCodeForStatus(response.status) === 'rate_limited'
          ? 'rate_limited'
          : 'upstream_error',
    });
  }
  const parsed = safeParseJsonWith({
    text,
    schema: lenientChatCompletionSchema,
    subject: 'LLM response',
    code: 'invalid_response',
  });
  if (!parsed.success) throw parsed.error;
  return parsed.value;
}

const excerptChars = 160;
const upstreamErrorSchema = z.looseObject({
  error: z.looseObject({ message: z.string() }),
});

/**
 * What of an upstream error body reaches the client: the OpenAI-style
 * `error.message` when there is one (else the body's start), the key
 * redacted (some upstreams echo the request), control characters folded
 * to spaces, and at most {@link excerptChars} characters.
 */
export function upstreamExcerpt(text: string, apiKey?: string): string {
  const parsed = safeParseJsonWith({
    text,
    schema: upstreamErrorSchema,
    subject: 'LLM error',
  });
  let excerpt = parsed.success ? parsed.value.error.message : text;
  if (apiKey) excerpt = excerpt.replaceAll(apiKey, '[redacted]');
  excerpt = excerpt.replace(/\p{Cc}+/gu, ' ').trim();
  return excerpt.length > excerptChars
    ? `${excerpt.slice(0, excerptChars)}…`
    : excerpt;
}
