import { afterEach, describe, expect, it } from 'vitest';
import { ConformanceContext } from '../conformance-context';
import {
  EMPTY_MESSAGES,
  EMPTY_MESSAGES_STREAM,
  INVALID_REQUESTS,
  MALFORMED_JSON,
  WRONG_TYPES,
} from '../invalid-requests';
import {
  createConformanceTestTarget,
  type TargetDefect,
} from '../test/conformance-test-target';
import { errorAsContentCheck } from './error-as-content-check';
import {
  badJsonCheck,
  emptyMessagesCheck,
  wrongTypesCheck,
} from './invalid-request-checks';

type Target = Awaited<ReturnType<typeof createConformanceTestTarget>>;
const targets: Target[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map(target => target.close()));
});

/** A real target with the defects, and a context bound to it. */
async function start(defects: TargetDefect[] = []) {
  const target = await createConformanceTestTarget({ defects });
  targets.push(target);
  const context = new ConformanceContext({
    target: target.url,
    model: 'test-target',
    timeoutMs: 5000,
  });
  return { target, context };
}

describe('errorAsContentCheck', () => {
  it('should pass a target that rejects every invalid request with a 4xx', async () => {
    const { context } = await start();
    expect(await errorAsContentCheck.run(context)).toEqual({ problems: [] });
    for (const request of INVALID_REQUESTS) {
      expect((await context.invalidAnswer(request)).status, request.label).toBe(
        400,
      );
    }
  });

  it('should fail a target that streams and sends errors as answer text, naming what it saw', async () => {
    const { context } = await start(['error-as-content']);
    const outcome = await errorAsContentCheck.run(context);
    expect(outcome).toEqual({
      problems: [
        expect.stringMatching(
          /^messages: \[\] with stream: true: HTTP 200 streamed an error message as content \(error_prefix\) instead of an error event or a 4xx: 'Error: .*messages must contain at least one message'$/,
        ),
        expect.stringMatching(
          /^messages: \[\] with stream: false: HTTP 200 sent an error message as the message content \(error_prefix\) instead of a 4xx error body: 'Error: .*messages must contain at least one message'$/,
        ),
        `a malformed JSON body: HTTP 200 sent an error message as the message content (error_json) instead of a 4xx error body: '{"error":{"message":"Malformed JSON","type":"invalid_request_error","param":null,"code":"invalid_json"}}'`,
        expect.stringMatching(
          /^messages: "hello", stream: "yes": HTTP 200 streamed an error message as content \(error_prefix\) instead of an error event or a 4xx: 'Error: /,
        ),
      ],
    });
  });

  it('should not flag a legitimate answer to an invalid request', async () => {
    const { context } = await start(['answer-invalid-requests']);
    expect(await errorAsContentCheck.run(context)).toEqual({ problems: [] });
    // The answers did arrive (as 200s, streamed and not): accepting them is
    // the error-* checks' failure, not an error sent as content.
    for (const request of INVALID_REQUESTS) {
      expect((await context.invalidAnswer(request)).status, request.label).toBe(
        200,
      );
    }
    expect(
      (await context.invalidAnswer(EMPTY_MESSAGES_STREAM)).contentType,
    ).toMatch(/^text\/event-stream/);
    expect((await context.invalidAnswer(EMPTY_MESSAGES)).text).toMatch(
      /"content":"Hello! Ask me anything/,
    );
    expect(await emptyMessagesCheck.run(context)).toEqual({
      problems: [
        expect.stringMatching(
          /^messages: \[\] with stream: true: expected a 4xx status, got 200/,
        ),
        expect.stringMatching(
          /^messages: \[\] with stream: true: expected an OpenAI error body, got an event stream: data: /,
        ),
        expect.stringMatching(
          /^messages: \[\] with stream: false: expected a 4xx status, got 200/,
        ),
        expect.stringMatching(
          /^messages: \[\] with stream: false: error body at 'error'/,
        ),
      ],
    });
  });

  it('should accept an error event in a stream that already began', async () => {
    const { context } = await start(['error-event-for-invalid']);
    expect(await errorAsContentCheck.run(context)).toEqual({ problems: [] });
    const streamed = await context.invalidAnswer(WRONG_TYPES);
    expect(streamed.status).toBe(200);
    expect(streamed.text).toMatch(/^data: .*\n\ndata: \{"error":\{/);
  });

  it('should read the answers the error-* checks got instead of sending them again', async () => {
    const { target, context } = await start(['error-as-content']);
    await context.model();
    const before = target.received();
    await emptyMessagesCheck.run(context);
    await badJsonCheck.run(context);
    await wrongTypesCheck.run(context);
    // `messages: []` both ways, the malformed body, the wrong types.
    expect(target.received() - before).toBe(4);
    const outcome = await errorAsContentCheck.run(context);
    // Nothing is new: every invalid request was answered once already.
    expect(target.received() - before).toBe(4);
    expect('problems' in outcome && outcome.problems).toHaveLength(4);
    expect((await context.invalidAnswer(MALFORMED_JSON)).status).toBe(200);
  });

  it('should fail, naming the request, when an invalid request gets no answer', async () => {
    const { target, context } = await start();
    await target.close();
    targets.splice(targets.indexOf(target), 1);
    const outcome = await errorAsContentCheck.run(context);
    expect(outcome).toEqual({
      problems: INVALID_REQUESTS.map(request =>
        expect.stringMatching(
          new RegExp(
            `^${escapeRegExp(request.label)}: POST /v1/chat/completions failed: fetch failed`,
          ),
        ),
      ),
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
