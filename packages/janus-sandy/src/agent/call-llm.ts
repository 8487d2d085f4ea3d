import {
  type ChatCompletion,
  chatCompletionSchema,
  errorCodeForStatus,
  safeParseJsonWith,
  UpstreamError,
} from '@janus/protocol';
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
 * {@link UpstreamError}s with the upstream status and body.
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
    throw new UpstreamError({
      message: `The LLM at ${url} is unreachable: ${String(cause)}`,
      cause,
    });
  }
  const text = await response.text();
  if (!response.ok)
    throw new UpstreamError({
      message: `The LLM answered ${response.status}: ${text.slice(0, 300)}`,
      statusCode: response.status,
      responseBody: text,
      code:
        errorCodeForStatus(response.status) === 'rate_limited'
          ? 'rate_limited'
          : 'upstream_error',
    });
  const parsed = safeParseJsonWith({
    text,
    schema: chatCompletionSchema,
    subject: 'LLM response',
    code: 'invalid_response',
  });
  if (!parsed.success) throw parsed.error;
  return parsed.value;
}
