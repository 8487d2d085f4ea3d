import type { BenchTask } from '../datasets/task-schema';

/**
 * The `POST /v1/chat/completions` body for a task: always streaming, always
 * with `stream_options.include_usage` (the original never asked, so its
 * token counts were 0). `competitor` goes out both as `model` and as the
 * gateway's `competitor_id`.
 */
export function buildRequestBody(options: {
  task: BenchTask;
  model: string;
  competitor?: string;
  maxTokens?: number;
}): Record<string, unknown> {
  const { task, model, competitor } = options;
  const body: Record<string, unknown> = {
    model: competitor ?? model,
    messages: task.messages,
    stream: true,
    stream_options: { include_usage: true },
  };
  if (competitor !== undefined) body.competitor_id = competitor;
  if (task.tools?.length) {
    body.tools = task.tools;
    body.tool_choice = task.tool_choice ?? 'auto';
  }
  const maxTokens = task.max_tokens ?? options.maxTokens;
  if (maxTokens !== undefined) body.max_tokens = maxTokens;
  return body;
}

/**
 * `http://host:8000` or `http://host:8000/v1` → `…/v1/chat/completions`.
 * The path is extended as a path, so a query (`?api-version=…`, a key some
 * proxies take) stays a query instead of getting the path appended to it.
 *
 * @throws TypeError when `target` is not a URL.
 */
export function chatCompletionsUrl(target: string): string {
  const url = new URL(target);
  const path = url.pathname.replace(/\/+$/, '');
  if (!path.endsWith('/chat/completions'))
    url.pathname = path.endsWith('/v1')
      ? `${path}/chat/completions`
      : `${path}/v1/chat/completions`;
  return url.toString();
}
