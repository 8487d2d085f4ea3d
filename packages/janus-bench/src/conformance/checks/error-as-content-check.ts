import { describeError } from '../../internal/describe-error';
import { detectErrorAsContent } from '../../runner/detect-error-as-content';
import type { HttpExchange } from '../conformance-context';
import { INVALID_REQUESTS, type InvalidRequest } from '../invalid-requests';
import { readAnswerText } from '../read-answer-text';
import { clip } from '../stream-facts';
import type { ConformanceCheck } from '../types';

/**
 * Requests that must be rejected are not answered with an error dressed up
 * as content: a 2xx whose streamed deltas or message content the bench's
 * `error_as_content` rule ({@link detectErrorAsContent}) reads as an error
 * message (`Error: …`, a serialised error body, a traceback). Reads the
 * answers the `error-*` checks got (memoised), plus `messages: []` without
 * streaming, so a non-streamed handler is asked too.
 *
 * Only 2xx answers to invalid requests are read: a 4xx or an error event is
 * the contract, and a legitimate answer has no error shape (the other
 * `error-*` checks fail a target for accepting the request at all).
 */
export const errorAsContentCheck: ConformanceCheck = {
  id: 'error-as-content',
  title: 'No error as answer text for invalid requests',
  async run(context) {
    const problems: string[] = [];
    for (const request of INVALID_REQUESTS) {
      let exchange: HttpExchange;
      try {
        exchange = await context.invalidAnswer(request);
      } catch (error) {
        problems.push(`${request.label}: ${describeError(error)}`);
        continue;
      }
      const problem = await errorAsContentProblem(request, exchange);
      if (problem) problems.push(problem);
    }
    return { problems };
  },
};

/** What the answer to `request` dressed up as content, if anything. */
async function errorAsContentProblem(
  request: InvalidRequest,
  exchange: HttpExchange,
): Promise<string | undefined> {
  if (exchange.status < 200 || exchange.status > 299) return undefined;
  const answer = await readAnswerText(exchange);
  if (answer === undefined) return undefined;
  const shape = detectErrorAsContent({
    content: answer.content,
    toolCalls: answer.toolCalls,
  });
  if (shape === undefined) return undefined;
  const what =
    answer.form === 'stream'
      ? `streamed an error message as content (${shape}) instead of an error event or a 4xx`
      : `sent an error message as the message content (${shape}) instead of a 4xx error body`;
  return `${request.label}: HTTP ${exchange.status} ${what}: '${clip(answer.content)}'`;
}
