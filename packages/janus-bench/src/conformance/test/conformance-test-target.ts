/**
 * A real HTTP competitor for the conformance tests: conformant by default,
 * with one switch per defect so every check can be shown to fail. Test-only.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  chatCompletionRequestSchema,
  encodeSseComment,
  encodeSseData,
  SSE_DONE,
  SSE_HEADERS,
  safeValidate,
  toErrorBody,
  toErrorStatus,
} from '@janus/protocol';
import { answerInvalidRequest } from './answer-invalid-request';
import { ARTIFACT, script, type TargetDefect } from './conformance-test-script';

export type { TargetDefect };

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Starts the target on 127.0.0.1:0; `close()` stops it. With `query`, it
 * answers only requests whose query string is exactly that (a proxy that
 * takes its key in the URL) and 401 to the rest.
 */
export async function createConformanceTestTarget(
  options: { defects?: TargetDefect[]; sandbox?: boolean; query?: string } = {},
) {
  const defects = new Set(options.defects ?? []);
  let inFlight = 0;
  let received = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server = createServer(async (request, response) => {
    received++;
    const target = request.url ?? '/';
    const queryAt = target.indexOf('?');
    const url = queryAt < 0 ? target : target.slice(0, queryAt);
    const query = queryAt < 0 ? '' : target.slice(queryAt + 1);
    if (defects.has('hang')) return;
    if (options.query !== undefined && query !== options.query) {
      return json(response, 401, {
        error: {
          message: `expected the query '${options.query}', got '${query}' (path ${url})`,
          type: 'invalid_request_error',
          param: null,
          code: 'unauthorized',
        },
      });
    }
    if (url === '/health' && defects.has('hang-health')) return;
    if (defects.has('html-everywhere')) {
      response.writeHead(200, { 'content-type': 'text/html' });
      return response.end(
        '<html><body><h1>Welcome to nginx!</h1></body></html>',
      );
    }
    if (url === '/health') {
      if (defects.has('health-null')) return json(response, 200, null);
      return json(
        response,
        200,
        defects.has('health-shape')
          ? { status: 'fine' }
          : {
              status: 'ok',
              llm: { mode: 'scripted' },
              in_flight: inFlight,
              ...(options.sandbox === false
                ? { sandbox_available: false }
                : { sandbox_available: true }),
            },
      );
    }
    if (url === '/v1/models') {
      return json(
        response,
        200,
        defects.has('models-shape')
          ? { data: 'none' }
          : {
              object: 'list',
              data: [
                {
                  id: 'test-target',
                  object: 'model',
                  created: 0,
                  owned_by: 'tests',
                },
              ],
            },
      );
    }
    if (url === '/artifacts/output.txt' && !defects.has('artifact-404')) {
      response.writeHead(200, { 'content-type': 'text/plain' });
      return response.end(ARTIFACT);
    }
    if (url !== '/v1/chat/completions' || request.method !== 'POST') {
      return json(response, 404, {
        error: {
          message: 'not found',
          type: 'invalid_request_error',
          param: null,
          code: 'not_found',
        },
      });
    }
    let text = '';
    for await (const chunk of request) text += chunk;
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      const error = {
        message: 'Malformed JSON',
        type: 'invalid_request_error',
        param: null,
        code: 'invalid_json',
      };
      if (
        answerInvalidRequest({
          response,
          defects,
          body: undefined,
          error: { error },
        })
      )
        return;
      if (defects.has('html-bad-json')) {
        response.writeHead(500, { 'content-type': 'text/html' });
        return response.end('<h1>Internal Server Error</h1>');
      }
      return json(response, 400, { error });
    }
    const parsed = safeValidate({
      value: body,
      schema: chatCompletionRequestSchema,
      subject: 'request',
    });
    const raw = body as { messages?: unknown; stream?: unknown };
    const lenient =
      (defects.has('accept-empty-messages') && Array.isArray(raw.messages)) ||
      (defects.has('accept-wrong-types') && typeof raw.messages === 'string');
    if (!parsed.success && !lenient) {
      const error = toErrorBody(parsed.error);
      if (answerInvalidRequest({ response, defects, body: raw, error })) return;
      return json(response, toErrorStatus(parsed.error), error);
    }
    const request_ = parsed.success
      ? parsed.value
      : { messages: [], stream: raw.stream === true };
    const last = request_.messages.at(-1) as { content?: unknown } | undefined;
    const prompt = typeof last?.content === 'string' ? last.content : '';
    inFlight++;
    let closed = false;
    response.on('close', () => {
      closed = true;
      if (!defects.has('ignore-abort')) inFlight = Math.max(0, inFlight - 1);
    });
    const answer = defects.has('answer-error-text')
      ? 'Error: upstream LLM answered 503'
      : defects.has('content-mismatch') && request_.stream !== true
        ? 'Lyon'
        : 'Paris';
    if (request_.stream !== true || defects.has('ignore-stream')) {
      inFlight--;
      return json(
        response,
        200,
        defects.has('non-stream-shape')
          ? { object: 'chat.completion', choices: [] }
          : {
              id: 'chatcmpl-test',
              object: 'chat.completion',
              created: 1,
              model: 'test-target',
              choices: [
                {
                  index: 0,
                  message: {
                    role: 'assistant',
                    content: answer,
                    reasoning_content: 'Thinking.',
                  },
                  finish_reason: 'stop',
                },
              ],
              usage: {
                prompt_tokens: 6,
                completion_tokens: 1,
                total_tokens: 7,
              },
            },
      );
    }
    if (defects.has('stream-500')) {
      inFlight--;
      return json(response, 500, {
        error: {
          message: 'upstream exploded',
          type: 'server_error',
          param: null,
          code: null,
        },
      });
    }
    response.writeHead(200, SSE_HEADERS);
    if (defects.has('stream-garbage')) {
      inFlight--;
      return response.end(`data: {not json\n\n${SSE_DONE}`);
    }
    const chunk = (delta: object, extra: object = {}) =>
      encodeSseData({
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'test-target',
        choices: [{ index: 0, delta, finish_reason: null }],
        ...extra,
      });
    const steps = script({
      prompt,
      defects,
      sandbox: options.sandbox !== false,
    });
    const write = (data: string) => {
      if (!closed) response.write(data);
    };
    write(
      chunk(defects.has('no-role') ? { content: '' } : { role: 'assistant' }),
    );
    for (const step of steps) {
      if (closed && !defects.has('ignore-abort')) return;
      if (typeof step === 'number') await sleep(step);
      else if (step === 'ping') write(encodeSseComment('ping'));
      else write(chunk(step));
    }
    write(
      encodeSseData({
        id: 'chatcmpl-test',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'test-target',
        choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
      }),
    );
    if (!defects.has('no-usage')) {
      write(
        encodeSseData({
          id: 'chatcmpl-test',
          object: 'chat.completion.chunk',
          created: 1,
          model: 'test-target',
          choices: [],
          usage: {
            prompt_tokens: 6,
            completion_tokens: 3,
            total_tokens: 9,
            sandbox_seconds: 0.1,
            cost_usd: 0,
          },
        }),
      );
    }
    if (!defects.has('no-done')) write(SSE_DONE);
    if (defects.has('data-after-done')) write(chunk({ content: 'late' }));
    // The defect: work goes on long after the client hung up.
    if (defects.has('ignore-abort')) {
      if (closed) await sleep(8000);
      inFlight--;
    }
    if (defects.has('stay-open')) return;
    response.end();
  });
  server.on('connection', socket => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    inFlight: () => inFlight,
    /** How many requests arrived. */
    received: () => received,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise(resolve => server.close(resolve));
    },
  };
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
