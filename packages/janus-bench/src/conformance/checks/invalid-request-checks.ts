import { errorBodySchema } from '@janus/protocol';
import type { ConformanceContext } from '../conformance-context';
import {
  EMPTY_MESSAGES,
  EMPTY_MESSAGES_STREAM,
  type InvalidRequest,
  MALFORMED_JSON,
  WRONG_TYPES,
} from '../invalid-requests';
import { clip } from '../stream-facts';
import type { ConformanceCheck } from '../types';
import { schemaProblems } from './schema-problems';

/**
 * Sends an invalid request (or reads its memoised answer) and expects a 4xx
 * status with an OpenAI error body, before any stream starts.
 */
async function expectClientError(
  context: ConformanceContext,
  request: InvalidRequest,
): Promise<{ problems: string[] }> {
  const response = await context.invalidAnswer(request);
  const problems: string[] = [];
  if (response.status < 400 || response.status > 499) {
    problems.push(
      `expected a 4xx status, got ${response.status}: ${clip(response.text)}`,
    );
  }
  if (response.json === undefined) {
    // A target that accepted the request streams an answer: say so, rather
    // than call the stream a malformed error body.
    problems.push(
      /^text\/event-stream/i.test(response.contentType)
        ? `expected an OpenAI error body, got an event stream: ${clip(response.text) || '(empty)'}`
        : `the error body is not JSON: ${clip(response.text) || '(empty)'}`,
    );
  } else {
    problems.push(
      ...schemaProblems({
        schema: errorBodySchema,
        value: response.json,
        subject: 'error body',
      }),
    );
  }
  return { problems };
}

/**
 * `messages: []` is rejected, streamed (before the stream starts) and not;
 * each problem names the variant.
 */
export const emptyMessagesCheck: ConformanceCheck = {
  id: 'error-empty-messages',
  title: '4xx + error body for empty messages',
  run: async context => {
    const problems: string[] = [];
    for (const request of [EMPTY_MESSAGES_STREAM, EMPTY_MESSAGES]) {
      const outcome = await expectClientError(context, request);
      for (const problem of outcome.problems)
        problems.push(`${request.label}: ${problem}`);
    }
    return { problems };
  },
};

/** A body that is not JSON is rejected. */
export const badJsonCheck: ConformanceCheck = {
  id: 'error-bad-json',
  title: '4xx + error body for malformed JSON',
  run: context => expectClientError(context, MALFORMED_JSON),
};

/** Fields of the wrong type are rejected. */
export const wrongTypesCheck: ConformanceCheck = {
  id: 'error-wrong-types',
  title: '4xx + error body for wrong field types',
  run: context => expectClientError(context, WRONG_TYPES),
};
