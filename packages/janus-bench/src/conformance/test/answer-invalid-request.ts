/**
 * How the conformance test target answers a request it must reject, when a
 * defect says it does not simply send the 4xx error. Test-only.
 */
import type { ServerResponse } from 'node:http';
import {
  type ErrorBody,
  encodeSseData,
  SSE_DONE,
  SSE_HEADERS,
} from '@janus/protocol';
import type { TargetDefect } from './conformance-test-script';

/**
 * A legitimate answer that mentions errors (not at its start): what a target
 * that accepts an invalid request may say without dressing an error up.
 */
export const LEGITIMATE_ANSWER =
  'Hello! Ask me anything, for example what an error: like a 404 means.';

/**
 * Answers an invalid request as the defects say, or returns `false` for the
 * plain 4xx error body:
 * - `error-as-content`: HTTP 200 with the error as the answer text:
 *   `Error: <message>` as streamed deltas (`stream` truthy) or as the message
 *   content, and the serialised error body as the message content when the
 *   request was not even JSON;
 * - `answer-invalid-requests`: HTTP 200 with {@link LEGITIMATE_ANSWER};
 * - `error-event-for-invalid`: a requested stream starts, then ends with an
 *   error event (the error body as `data:`); the rest gets the 4xx.
 */
export function answerInvalidRequest(options: {
  response: ServerResponse;
  defects: Set<TargetDefect>;
  /** The parsed request body; `undefined` when it was not JSON. */
  body: { stream?: unknown } | undefined;
  error: ErrorBody;
}): boolean {
  const { response, defects, body, error } = options;
  // Truthy, as a careless server reads it: `stream: "yes"` streams.
  const streamed = Boolean(body?.stream);
  if (defects.has('error-as-content')) {
    const content =
      body === undefined
        ? JSON.stringify(error)
        : `Error: ${error.error.message}`;
    if (streamed)
      streamAnswer(response, [content.slice(0, 4), content.slice(4)]);
    else completeAnswer(response, content);
    return true;
  }
  if (defects.has('answer-invalid-requests')) {
    if (streamed)
      streamAnswer(response, [
        LEGITIMATE_ANSWER.slice(0, 10),
        LEGITIMATE_ANSWER.slice(10),
      ]);
    else completeAnswer(response, LEGITIMATE_ANSWER);
    return true;
  }
  if (defects.has('error-event-for-invalid') && streamed) {
    response.writeHead(200, SSE_HEADERS);
    response.write(chunk({ role: 'assistant' }));
    response.end(encodeSseData(error));
    return true;
  }
  return false;
}

function chunk(delta: object, finishReason: string | null = null): string {
  return encodeSseData({
    id: 'chatcmpl-invalid',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'test-target',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });
}

function streamAnswer(response: ServerResponse, parts: string[]): void {
  response.writeHead(200, SSE_HEADERS);
  response.write(chunk({ role: 'assistant' }));
  for (const content of parts) response.write(chunk({ content }));
  response.write(chunk({}, 'stop'));
  response.end(SSE_DONE);
}

function completeAnswer(response: ServerResponse, content: string): void {
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'chatcmpl-invalid',
      object: 'chat.completion',
      created: 1,
      model: 'test-target',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content },
          finish_reason: 'stop',
        },
      ],
      usage: { prompt_tokens: 1, completion_tokens: 9, total_tokens: 10 },
    }),
  );
}
