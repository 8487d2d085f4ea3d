import { createHash } from 'node:crypto';
import {
  answerUnservedMethod,
  ChatCompletionAccumulator,
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  createErrorResponse,
  createSseResponse,
  encodeSseData,
  encodeSseError,
  isAbortError,
  JanusError,
  SSE_DONE,
  safeParseJsonWith,
  safeValidate,
  toHeadResponse,
} from '@janus/protocol';
import { z } from 'zod/v4';
import type { ScriptedPace } from './scripted/create-pacer';
import { planScriptedReply } from './scripted/plan-scripted-reply';
import { countPromptWords } from './scripted/read-prompt';
import {
  type ScriptedStreamPart,
  scriptedChunks,
} from './scripted/scripted-chunks';
import { scriptedModelInfo } from './scripted-model-info';

/**
 * The scripted model as an in-process Fetch handler (what
 * {@link createScriptedModel} serves on a socket).
 *
 * @param options.model The model id it reports (default `janus-scripted`).
 * @param options.pace Pieces per second and first-token delay.
 * @returns `fetch` and the parsed bodies of the requests it received.
 */
export function createScriptedModelHandler(
  options: { model?: string; pace?: ScriptedPace } = {},
): { fetch(request: Request): Promise<Response>; requests: unknown[] } {
  const model = options.model ?? 'janus-scripted';
  const pace = options.pace ?? {};
  const requests: unknown[] = [];

  async function fetch(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname.replace(/\/+$/, '');
    const route = path.replace(/^\/v1/, '');
    const method = request.method;
    // HEAD wherever GET; OPTIONS and other methods as the gateway answers them.
    const allowed =
      route === '/chat/completions'
        ? ['POST']
        : route === '/health' || route === '/models'
          ? ['GET', 'HEAD']
          : undefined;
    if (allowed === undefined)
      return createErrorResponse(
        new JanusError({
          message: `No route for ${method} ${path}`,
          code: 'not_found',
        }),
      );
    if (!allowed.includes(method))
      return answerUnservedMethod({ method, path, allow: allowed });
    if (method === 'POST')
      return completions(request, { model, pace, requests });
    const info = scriptedModelInfo(model);
    const answer = Response.json(
      route === '/health' ? info.health : info.models,
    );
    return method === 'HEAD' ? toHeadResponse(answer) : answer;
  }
  return { fetch, requests };
}

async function completions(
  request: Request,
  context: { model: string; pace: ScriptedPace; requests: unknown[] },
): Promise<Response> {
  const text = await request.text();
  const json = safeParseJsonWith({
    text,
    schema: z.unknown(),
    subject: 'request body',
  });
  if (!json.success) return createErrorResponse(json.error);
  context.requests.push(json.value);
  const parsed = safeValidate({
    value: json.value,
    schema: chatCompletionRequestSchema,
    subject: 'chat completion request',
  });
  if (!parsed.success) return createErrorResponse(parsed.error);
  const body: ChatCompletionRequest = parsed.value;
  const reply = planScriptedReply(body);
  if (reply.kind === 'fail') return createErrorResponse(reply.error);

  // Ids and `created` come from a hash of the body: same body, same bytes.
  const hash = createHash('sha256').update(text).digest('hex');
  const controller = new AbortController();
  const onAbort = () => controller.abort(request.signal.reason);
  request.signal.addEventListener('abort', onAbort, { once: true });
  const parts = scriptedChunks({
    reply,
    id: `chatcmpl-scripted-${hash.slice(0, 24)}`,
    created:
      1_700_000_000 + (Number.parseInt(hash.slice(0, 8), 16) % 100_000_000),
    model: context.model,
    promptTokens: countPromptWords(body),
    includeUsage:
      body.stream !== true || body.stream_options?.include_usage === true,
    maxTokens: maxTokens(body),
    pace: context.pace,
    signal: controller.signal,
  });
  if (body.stream === true) return streamResponse(parts, controller);
  try {
    return await completionResponse(parts);
  } finally {
    request.signal.removeEventListener('abort', onAbort);
  }
}

/** The token cap: `max_tokens` or `max_completion_tokens`, the smaller of both. */
function maxTokens(body: ChatCompletionRequest): number | undefined {
  const caps = [body.max_tokens, body.max_completion_tokens].filter(
    (cap): cap is number => typeof cap === 'number',
  );
  return caps.length > 0 ? Math.min(...caps) : undefined;
}

function streamResponse(
  parts: AsyncGenerator<ScriptedStreamPart>,
  controller: AbortController,
): Response {
  const stream = new ReadableStream<string>({
    async pull(sink) {
      try {
        const { done, value } = await parts.next();
        if (done) {
          sink.enqueue(SSE_DONE);
          sink.close();
        } else if (value.type === 'error') {
          sink.enqueue(encodeSseError(value.error) + SSE_DONE);
          sink.close();
        } else {
          sink.enqueue(encodeSseData(value.chunk));
        }
      } catch (error) {
        // Aborted by the client: nobody is listening any more.
        if (isAbortError(error) || controller.signal.aborted) sink.close();
        else sink.error(error);
      }
    },
    async cancel(reason) {
      controller.abort(reason);
      await parts.return(undefined);
    },
  });
  return createSseResponse(stream);
}

async function completionResponse(
  parts: AsyncGenerator<ScriptedStreamPart>,
): Promise<Response> {
  const accumulator = new ChatCompletionAccumulator();
  for await (const part of parts) {
    if (part.type === 'error') return createErrorResponse(part.error);
    accumulator.push(part.chunk);
  }
  return Response.json(accumulator.toChatCompletion());
}
