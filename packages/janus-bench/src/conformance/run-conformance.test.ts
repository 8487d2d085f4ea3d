import { createScriptedModel } from '@janus/competitor-kit/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { refusedUrl } from '../test/create-sse-test-server';
import { runConformance } from './run-conformance';
import {
  createConformanceTestTarget,
  type TargetDefect,
} from './test/conformance-test-target';

type Target = Awaited<ReturnType<typeof createConformanceTestTarget>>;
const targets: Target[] = [];
afterEach(async () => {
  await Promise.all(targets.splice(0).map(target => target.close()));
});

async function run(
  options: { defects?: TargetDefect[]; sandbox?: boolean; model?: string } = {},
) {
  const target = await createConformanceTestTarget(options);
  targets.push(target);
  const report = await runConformance({
    target: target.url,
    timeoutMs: 8000,
    model: options.model,
  });
  const byId = Object.fromEntries(report.results.map(r => [r.id, r]));
  return { report, byId };
}

describe('runConformance', () => {
  it('should pass every check against a conformant target', async () => {
    const { report } = await run();
    const notPassed = report.results.filter(r => r.status !== 'pass');
    expect(notPassed).toEqual([]);
    expect(report.passed).toBe(true);
    expect(report.results.map(r => r.id)).toEqual([
      'health',
      'models',
      'stream-framing',
      'stream-usage',
      'non-stream',
      'agent-stream',
      'janus-events',
      'reasoning-order',
      'artifacts',
      'silence-gap',
      'error-empty-messages',
      'error-bad-json',
      'error-wrong-types',
      'error-as-content',
      'client-abort',
    ]);
  });

  it('should pass against the scripted model, skipping the Sandy checks', async () => {
    const model = await createScriptedModel();
    try {
      // An OpenAI base URL (ending in /v1) is accepted as the target.
      const report = await runConformance({
        target: model.url,
        timeoutMs: 8000,
      });
      expect(report.results.filter(r => r.status === 'fail')).toEqual([]);
      expect(
        report.results.filter(r => r.status === 'skip').map(r => r.id),
      ).toEqual(['agent-stream', 'janus-events', 'artifacts']);
    } finally {
      await model.close();
    }
  });

  it('should note, without failing, a --model that /v1/models does not list', async () => {
    // A gateway routes an unknown model to its default competitor: a typo
    // would pass every check against the wrong one.
    const { report, byId } = await run({ model: 'nobody' });
    expect(report.passed).toBe(true);
    expect(byId.models).toMatchObject({
      status: 'pass',
      note: "model 'nobody' is not listed in /v1/models; the target may route it to a default",
    });
    expect(report.results.filter(r => r.note !== undefined)).toHaveLength(1);
    const listed = await run({ model: 'test-target' });
    expect(listed.byId.models).not.toHaveProperty('note');
  });

  it('should skip the Sandy checks when the target reports no sandbox', async () => {
    const { report, byId } = await run({ sandbox: false });
    expect(report.passed).toBe(true);
    for (const id of ['agent-stream', 'artifacts']) {
      expect(byId[id]).toMatchObject({
        status: 'skip',
        reason: expect.stringMatching(/unavailable/),
      });
    }
  });

  it('should report an unreachable target as failures, not throw', async () => {
    const report = await runConformance({
      target: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    });
    expect(report.passed).toBe(false);
    expect(report.results.find(r => r.id === 'health')).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/GET \/health failed/),
    });
  });

  // Checks that inspect a stream must not pass (or blame a missing event)
  // when no valid stream arrived: they fail and name the real cause.
  const streamChecks = [
    'stream-usage',
    'silence-gap',
    'janus-events',
    'artifacts',
    'client-abort',
  ];
  it('should fail health and models of a refused target and skip the rest with one reason', async () => {
    const report = await runConformance({
      target: await refusedUrl(),
      timeoutMs: 2000,
    });
    const [health, models, ...rest] = report.results;
    for (const result of [health, models]) {
      expect(result).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(
          /failed: fetch failed \(connect ECONNREFUSED/,
        ),
      });
    }
    expect(rest).toHaveLength(13);
    for (const result of rest) {
      expect(result, result.id).toMatchObject({
        status: 'skip',
        reason:
          'not run: the target answered neither GET /health nor GET /v1/models',
      });
    }
    expect(report.passed).toBe(false);
  });

  it('should stop sending to a target that never answers after health and models time out', async () => {
    const target = await createConformanceTestTarget({ defects: ['hang'] });
    targets.push(target);
    const report = await runConformance({ target: target.url, timeoutMs: 300 });
    expect(target.received()).toBe(2);
    expect(report.results.slice(0, 2).map(r => r.reason)).toEqual([
      'GET /health timed out after 300ms',
      'GET /v1/models timed out after 300ms',
    ]);
    expect(report.results.filter(r => r.status === 'skip')).toHaveLength(13);
  });

  it('should still run every check when only /health does not answer', async () => {
    const target = await createConformanceTestTarget({
      defects: ['hang-health'],
    });
    targets.push(target);
    const report = await runConformance({
      target: target.url,
      timeoutMs: 1000,
    });
    const byId = Object.fromEntries(report.results.map(r => [r.id, r]));
    expect(byId.health!.reason).toBe('GET /health timed out after 1000ms');
    expect(byId.models!.status).toBe('pass');
    expect(byId['stream-framing']!.status).toBe('pass');
    expect(report.results.filter(r => r.reason?.startsWith('not run'))).toEqual(
      [],
    );
  });

  it('should say that an HTML target answers HTML, not that fields are missing', async () => {
    const { byId } = await run({ defects: ['html-everywhere'] });
    const page = '<html><body><h1>Welcome to nginx!</h1></body></html>';
    expect(byId.models!.reason).toBe(`the body is not JSON: ${page}`);
    expect(byId['non-stream']!.reason).toBe(`the body is not JSON: ${page}`);
    expect(byId['stream-framing']!.reason).toBe(
      `content-type is 'text/html', not text/event-stream: ${page}`,
    );
  });

  it('should not compare the non-streamed answer with a stream that could not be read', async () => {
    const { byId } = await run({ defects: ['ignore-stream'] });
    expect(byId['stream-framing']!.reason).toMatch(
      /^content-type is 'application\/json', not text\/event-stream: \{"id":"chatcmpl-test"/,
    );
    expect(byId['non-stream']).toMatchObject({
      status: 'skip',
      reason:
        "the answer is a valid chat.completion, but not compared with the streamed one: the streamed answer could not be read: content-type is 'application/json', not text/event-stream",
    });
  });

  it('should say once that a stream ended without [DONE]', async () => {
    const { byId } = await run({ defects: ['no-done'] });
    expect(byId['stream-framing']!.reason).toBe(
      'the stream did not end with data: [DONE]',
    );
  });

  it.each([
    ['stream-500', /expected HTTP 200, got 500: .*upstream exploded/],
    ['stream-garbage', /the stream carried no valid chunk/],
  ] as Array<[TargetDefect, RegExp]>)(
    'should fail the stream checks with the real cause on %s',
    async (defect, cause) => {
      const { byId } = await run({ defects: [defect] });
      for (const id of streamChecks) {
        expect(byId[id], id).toMatchObject({
          status: 'fail',
          reason: expect.stringMatching(
            new RegExp(`stream could not be read: .*${cause.source}`),
          ),
        });
      }
    },
  );

  // One defect per row: the named check must fail, with a reason that says why.
  const cases: Array<[TargetDefect, string, RegExp]> = [
    ['health-shape', 'health', /competitor health at 'status'/],
    ['health-null', 'health', /^\/health did not return a JSON object: null$/],
    ['models-shape', 'models', /model list at 'object'/],
    ['no-role', 'stream-framing', /no delta.role 'assistant'/],
    ['no-done', 'stream-framing', /did not end with data: \[DONE\]/],
    ['data-after-done', 'stream-framing', /data after \[DONE\]/],
    ['no-usage', 'stream-usage', /no chunk carries usage/],
    [
      'answer-error-text',
      'stream-framing',
      /^the stream carried an error message as its answer \(error_prefix\) instead of an error status or error event: 'Error: upstream LLM answered 503'$/,
    ],
    [
      'answer-error-text',
      'non-stream',
      /^the answer carried an error message as its answer \(error_prefix\)/,
    ],
    ['non-stream-shape', 'non-stream', /chat.completion at/],
    ['content-mismatch', 'non-stream', /differs from the streamed answer/],
    ['content-before-reasoning', 'reasoning-order', /came before reasoning/],
    ['bad-janus-event', 'janus-events', /invalid Janus event/],
    [
      'bad-janus-event',
      'agent-stream',
      /error in stream: Invalid chat completion chunk/,
    ],
    [
      'unpaired-tool',
      'janus-events',
      /no sandbox_end event; tool_end 'run_command' without a matching tool_start/,
    ],
    ['bad-artifact-sha', 'artifacts', /sha256 [0-9a-f]{12}… != 000000000000…/],
    [
      'artifact-404',
      'artifacts',
      /output.txt \(\/artifacts\/output.txt\): HTTP 404/,
    ],
    ['no-artifacts', 'artifacts', /no artifacts event arrived/],
    [
      'long-silence',
      'silence-gap',
      /agent stream: 2\.\ds of silence after part/,
    ],
    [
      'accept-empty-messages',
      'error-empty-messages',
      /expected a 4xx status, got 200/,
    ],
    ['html-bad-json', 'error-bad-json', /got 500.*the error body is not JSON/],
    [
      'accept-wrong-types',
      'error-wrong-types',
      /expected a 4xx status, got 200/,
    ],
    [
      'error-as-content',
      'error-as-content',
      /^messages: \[\] with stream: true: HTTP 200 streamed an error message as content \(error_prefix\)/,
    ],
    ['ignore-abort', 'client-abort', /in_flight stayed at 1 \(was 0 before/],
  ];
  it.each(cases)(
    'should fail on %s in check %s',
    async (defect, id, reason) => {
      const { report, byId } = await run({ defects: [defect] });
      expect(report.passed).toBe(false);
      expect(byId[id]).toMatchObject({
        status: 'fail',
        reason: expect.stringMatching(reason),
      });
    },
  );

  it('should fail a stream that stays open after [DONE]', async () => {
    const { byId } = await run({ defects: ['stay-open'] });
    expect(byId['stream-framing']).toMatchObject({
      status: 'fail',
      reason: expect.stringMatching(/stayed open after \[DONE\]/),
    });
  });

  it.each([
    ['a base URL', ''],
    ['an OpenAI base URL', '/v1/'],
  ])(
    'should keep the query of %s at the end of every URL',
    async (_name, path) => {
      // A proxy that takes its key in the query: every request (health,
      // models, chat, the artifact fetch) must carry it, after the path.
      const query = 'key=a%2Fb&api-version=2024';
      const target = await createConformanceTestTarget({ query });
      targets.push(target);
      const report = await runConformance({
        target: `${target.url}${path}?${query}`,
        timeoutMs: 8000,
      });
      expect(report.results.filter(r => r.status !== 'pass')).toEqual([]);
      expect(report.target).toBe(`${target.url}?${query}`);
    },
  );

  it('should call onResult once per check, in order', async () => {
    const target = await createConformanceTestTarget();
    targets.push(target);
    const seen: string[] = [];
    const report = await runConformance({
      target: `${target.url}/`,
      onResult: r => seen.push(r.id),
    });
    expect(seen).toEqual(report.results.map(r => r.id));
    expect(report.target).toBe(target.url);
  });
});
