import { createScriptedModel } from '@janus/competitor-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSuite } from '../datasets/load-suite';
import type { BenchTask } from '../datasets/task-schema';
import { benchReportSchema } from '../report/report-schema';
import {
  createSseTestServer,
  refusedUrl,
  streamScript,
} from '../test/create-sse-test-server';
import type { BenchEvent } from './bench-event';
import { runBench } from './run-bench';

type ScriptedModel = Awaited<ReturnType<typeof createScriptedModel>>;
let model: ScriptedModel;
beforeAll(async () => {
  model = await createScriptedModel({ pace: { firstTokenDelayMs: 20 } });
});
afterAll(async () => {
  await model.close();
});

const chatTask = (
  id: string,
  content: string,
  expected: BenchTask['expected'] = {},
): BenchTask => ({
  id,
  category: 'chat',
  messages: [{ role: 'user', content }],
  expected,
});

describe('runBench', () => {
  it('should run the public dev suite against the scripted model and score it honestly', async () => {
    const events: BenchEvent[] = [];
    const report = await runBench({
      target: model.url,
      suite: 'public/dev',
      concurrency: 8,
      onEvent: event => events.push(event),
    });
    expect(() => benchReportSchema.parse(report)).not.toThrow();
    const [result] = report.competitors;
    expect(result!.metrics).toMatchObject({
      requests: 65,
      failed: 0,
      tokens_source: { usage: 65, estimated: 0 },
    });
    // The scripted model knows the capital of France and reads image colours, not code.
    const byId = new Map(result!.tasks.map(task => [task.task_id, task]));
    expect(byId.get('chat-dev-001')!.scores.quality.score).toBe(1);
    expect(byId.get('multimodal-dev-001')!.scores.multimodal.score).toBe(1);
    expect(byId.get('code-dev-001')!.scores.quality.score).toBe(0);
    expect(result!.metrics.ttft_ms.p50).toBeGreaterThanOrEqual(19);
    expect(result!.composite.score).toBeGreaterThan(0);
    expect(result!.composite.score).toBeLessThan(100);
    expect(events.filter(event => event.type === 'task-end')).toHaveLength(65);
    expect(events.at(-1)!.type).toBe('run-end');
  });

  it('should send every competitor as model and competitor_id and rank them', async () => {
    const before = model.requests.length;
    const report = await runBench({
      target: model.url,
      tasks: [chatTask('a', 'What is 2 + 2?', { answer: '4' })],
      competitors: ['alpha', 'beta'],
    });
    const sent = model.requests.slice(before) as Record<string, unknown>[];
    expect(sent.map(body => [body.model, body.competitor_id])).toEqual([
      ['alpha', 'alpha'],
      ['beta', 'beta'],
    ]);
    expect(report.leaderboard.map(entry => entry.competitor).sort()).toEqual([
      'alpha',
      'beta',
    ]);
  });

  it('should send an X-Request-Id unique per competitor, with readable warm-up ids', async () => {
    const ids: string[] = [];
    await using server = await createSseTestServer(
      (body, response, request) => {
        ids.push(String(request.headers['x-request-id']));
        return streamScript(body, response, { pieces: ['hi'] });
      },
    );
    const report = await runBench({
      target: server.url,
      tasks: [chatTask('a', 'Hello')],
      competitors: ['alpha', 'βeta/v2'],
      warmup: 1,
    });
    const run = report.run.id;
    expect(ids).toEqual([
      `bench-${run}-alpha-warmup-0-a`,
      `bench-${run}-alpha-0-a`,
      `bench-${run}-_eta/v2-warmup-0-a`,
      `bench-${run}-_eta/v2-0-a`,
    ]);
  });

  it('should exclude warmup requests from every metric', async () => {
    const before = model.requests.length;
    const tasks = [chatTask('a', 'Hello'), chatTask('b', 'What is 3 * 3?')];
    const report = await runBench({ target: model.url, tasks, warmup: 3 });
    expect(model.requests.length - before).toBe(5);
    expect(report.competitors[0]!.metrics.requests).toBe(2);
    expect(report.competitors[0]!.tasks).toHaveLength(2);
  });

  it('should keep the requested number of streams in flight', async () => {
    const tasks = Array.from({ length: 24 }, (_, index) =>
      chatTask(`t${index}`, `Hello number ${index}`),
    );
    const report = await runBench({
      target: model.url,
      tasks,
      concurrency: 12,
    });
    expect(report.competitors[0]!.metrics.peak_concurrency).toBe(12);
  });

  it('should pick the same seeded subset every time', async () => {
    const all = await loadSuite({ suite: 'public/dev' });
    const a = await runBench({
      target: model.url,
      tasks: all,
      subset: 1,
      seed: 7,
      concurrency: 4,
    });
    const b = await runBench({
      target: model.url,
      tasks: all,
      subset: 1,
      seed: 7,
      concurrency: 4,
    });
    const ids = (report: typeof a) =>
      report.competitors[0]!.tasks.map(task => task.task_id);
    expect(ids(a)).toEqual(ids(b));
    expect(ids(a)).toHaveLength(7);
  });

  it('should send open-loop arrivals at the requested rate', async () => {
    const tasks = Array.from({ length: 5 }, (_, index) =>
      chatTask(`r${index}`, 'Hi'),
    );
    const report = await runBench({
      target: model.url,
      tasks,
      rate: 50,
      arrival: 'constant',
    });
    const starts = report.competitors[0]!.tasks.map(
      task => task.measurement.start_offset_ms,
    ).sort((x, y) => x - y);
    expect(starts.at(-1)! - starts[0]!).toBeGreaterThanOrEqual(75);
    expect(report.run).toMatchObject({
      rate: 50,
      arrival: 'constant',
      concurrency: null,
    });
  });

  it('should report failures (HTTP error, error mid-stream, stall, no usage) without hiding them', async () => {
    await using server = await createSseTestServer((body, response) => {
      const prompt = String(
        (body.messages as { content: string }[])[0]!.content,
      );
      if (prompt === 'fail') {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              message: 'over capacity',
              type: 'server_error',
              param: null,
              code: 'over_capacity',
            },
          }),
        );
        return;
      }
      return streamScript(body, response, {
        pieces: ['one ', 'two ', 'three'],
        errorAfter: prompt === 'error' ? 1 : undefined,
        stallAfter: prompt === 'stall' ? 1 : undefined,
        usage: prompt !== 'no usage',
      });
    });
    const tasks = ['fail', 'error', 'stall', 'no usage', 'fine'].map(prompt =>
      chatTask(prompt.replace(' ', '-'), prompt),
    );
    const report = await runBench({
      target: server.url,
      tasks,
      concurrency: 5,
      timeoutMs: 500,
    });
    const result = report.competitors[0]!;
    expect(result.metrics).toMatchObject({
      requests: 5,
      failed: 3,
      failure_rate: 0.6,
      error_kinds: { http_error: 1, stream_error: 1, timeout: 1 },
    });
    expect(result.metrics.tokens_source).toEqual({ usage: 1, estimated: 1 });
    expect(report.run.notes.join(' ')).toContain('estimated');
    const failed = result.tasks.filter(task => !task.measurement.ok);
    expect(
      failed.every(
        task =>
          task.scores.streaming.score === 0 && task.scores.quality.score === 0,
      ),
    ).toBe(true);
  });

  it('should count an error streamed as the answer as an error_as_content failure, not as an answer', async () => {
    // Both competitors stream well-formed answers; one of them streams its
    // upstream's failure as content.
    await using server = await createSseTestServer((body, response) =>
      streamScript(body, response, {
        pieces:
          body.model === 'masks-errors'
            ? ['Error: ', 'upstream 503']
            : ['The capital ', 'is Paris.'],
      }),
    );
    const events: BenchEvent[] = [];
    const report = await runBench({
      target: server.url,
      tasks: [chatTask('capital', 'Capital of France?', { min_length: 5 })],
      competitors: ['masks-errors', 'answers'],
      onEvent: event => events.push(event),
    });
    expect(() => benchReportSchema.parse(report)).not.toThrow();
    const [masked, answered] = report.competitors;
    expect(masked!.metrics).toMatchObject({
      failed: 1,
      error_kinds: { error_as_content: 1 },
    });
    const task = masked!.tasks[0]!;
    expect(task.measurement).toMatchObject({
      ok: false,
      content: 'Error: upstream 503',
      error: {
        kind: 'error_as_content',
        message:
          'the answer is an error message (error_prefix), not an answer: Error: upstream 503',
      },
    });
    expect(task.scores.quality).toMatchObject({
      score: 0,
      formula: 'failed request → 0',
    });
    expect(answered!.metrics.failed).toBe(0);
    expect(answered!.tasks[0]!.scores.quality.score).toBe(1);
    expect(report.run.notes).toContain(
      '1 answer(s) of masks-errors were error messages sent as answer text (error_as_content, e.g. "Error: …" or {"error":…}); they count as failed requests, not as answers.',
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        type: 'task-end',
        competitor: 'masks-errors',
        ok: false,
        error: expect.objectContaining({ kind: 'error_as_content' }),
      }),
    );
  });

  it('should note unexecuted code only when the tasks have code checks and there is no Sandy', async () => {
    const note = 'Code tasks were not executed';
    const codeTask: BenchTask = {
      ...chatTask('c', 'Write add(a, b) in Python.'),
      category: 'code',
      expected: {
        code: {
          language: 'python',
          function_name: 'add',
          test_cases: [{ input: [1, 2], output: 3 }],
        },
      },
    };
    const chatOnly = await runBench({
      target: model.url,
      tasks: [chatTask('a', 'What is 2 + 2?', { answer: '4' })],
    });
    expect(chatOnly.run.notes.join(' ')).not.toContain(note);
    const withCode = await runBench({ target: model.url, tasks: [codeTask] });
    expect(withCode.run.notes.join(' ')).toContain(note);
  });

  it('should note code checks that hit a sandbox error and judge calls that failed, with the first error', async () => {
    // A judge that answers, but not with JSON.
    await using judge = await createSseTestServer((_body, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          choices: [{ message: { content: 'I think it is fine' } }],
        }),
      );
    });
    const codeTask: BenchTask = {
      ...chatTask('c', 'Write add(a, b) in Python.'),
      category: 'code',
      expected: {
        code: {
          language: 'python',
          function_name: 'add',
          test_cases: [{ input: [1, 2], output: 3 }],
        },
      },
    };
    const rubricTasks = ['r1', 'r2'].map(id =>
      chatTask(id, 'What is 2 + 2?', { answer: '4', rubric: 'Says 4' }),
    );
    const report = await runBench({
      target: model.url,
      tasks: [codeTask, ...rubricTasks],
      sandy: { url: await refusedUrl() },
      judge: { url: judge.url, model: 'judge-1' },
    });
    const notes = report.run.notes.join('\n');
    expect(notes).toContain(
      '1 code check(s) could not run because of a sandbox error; first: fetch failed (connect ECONNREFUSED 127.0.0.1:',
    );
    expect(notes).toMatch(
      /2 task\(s\) kept their rule-based quality score because the judge call failed; first: .*JSON/,
    );
  });

  it('should note when every request of a competitor failed', async () => {
    const report = await runBench({
      target: 'http://127.0.0.1:1',
      tasks: [chatTask('a', 'Hello'), chatTask('b', 'Hi')],
      competitors: ['alpha'],
    });
    expect(report.run.notes.join('\n')).toContain(
      'Every request of alpha failed (2/2; first: connect_error:',
    );
  });

  it('should note a composite that weighs only dimensions no task measured', async () => {
    const report = await runBench({
      target: model.url,
      tasks: [chatTask('a', 'Hello')],
      competitors: ['alpha'],
      weights: { quality: 0, speed: 0, cost: 0, streaming: 0, multimodal: 1 },
    });
    expect(report.competitors[0]!.composite.score).toBe(0);
    expect(report.run.notes.join('\n')).toContain(
      'No task measured a weighted dimension (multimodal), so the composite of alpha is 0 and says nothing',
    );
  });

  it('should reject invalid options with a clear error', async () => {
    await expect(
      runBench({
        target: model.url,
        tasks: [chatTask('a', 'x')],
        concurrency: 0,
      }),
    ).rejects.toThrow('concurrency must be a positive integer');
    await expect(
      runBench({ target: model.url, tasks: [chatTask('a', 'x')], rate: 1e-9 }),
    ).rejects.toThrow('rate must be at least 4.66e-7/s');
    await expect(
      runBench({ target: 'not a url', tasks: [chatTask('a', 'x')] }),
    ).rejects.toThrow('Invalid target URL');
  });

  it.each([
    [{ quality: Number.NaN }, 'Invalid weight quality: NaN'],
    [{ speed: -50 }, 'Invalid weight speed: -50'],
    [{ qualty: 50 }, 'Unknown weight "qualty"'],
    [
      { quality: 0, speed: 0, cost: 0, streaming: 0, multimodal: 0 },
      'At least one weight must be above 0',
    ],
  ])(
    'should reject the weights %j before sending anything',
    async (weights, message) => {
      const before = model.requests.length;
      await expect(
        runBench({
          target: model.url,
          tasks: [chatTask('a', 'Hello')],
          weights: weights as never,
        }),
      ).rejects.toMatchObject({
        code: 'invalid_request',
        message: expect.stringContaining(`weights: ${message}`),
      });
      expect(model.requests.length).toBe(before);
    },
  );

  it('should keep the default weight of a dimension left out, as --weights does', async () => {
    const report = await runBench({
      target: model.url,
      tasks: [chatTask('a', 'Hello')],
      weights: { quality: 100 },
    });
    const { composite } = report.competitors[0]!;
    expect(composite.weights).toEqual({
      quality: 100,
      speed: 20,
      cost: 15,
      streaming: 15,
      multimodal: 10,
    });
    expect(Number.isFinite(composite.score)).toBe(true);
  });
});
