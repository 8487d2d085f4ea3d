import { describe, expect, it } from 'vitest';
import type { BenchTask } from '../datasets/task-schema';
import type { RequestMeasurement } from '../metrics/request-measurement';
import { summarizeCompetitor } from '../report/summarize-competitor';
import { failedMeasurement, fakeMeasurement } from '../test/fake-measurement';
import { compositeScore, DEFAULT_WEIGHTS } from './composite';
import { parseWeights } from './parse-weights';
import { targetScore } from './score-detail';
import { defaultScorers, scoreTask } from './score-task';
import { continuityScore } from './streaming-score';

const task = (
  expected: BenchTask['expected'],
  extra: Partial<BenchTask> = {},
): BenchTask => ({
  id: 'x',
  category: 'chat',
  messages: [{ role: 'user', content: 'What is the capital of France?' }],
  expected,
  ...extra,
});
const imageTask = task(
  { answer: 'red' },
  {
    category: 'multimodal',
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: 'colour?' },
          {
            type: 'image_url',
            image_url: { url: 'data:image/png;base64,AA==' },
          },
        ],
      },
    ],
  },
);

describe('targetScore', () => {
  it.each([
    [1000, 2000, 0.1, 1],
    [2000, 2000, 0.1, 1],
    [3000, 2000, 0.1, 0.75],
    [4000, 2000, 0.1, 0.5],
    [6000, 2000, 0.1, 0.4],
    [100000, 2000, 0.1, 0],
  ])(
    'should score %d against target %d (k=%d) as %d',
    (value, target, k, expected) => {
      expect(targetScore({ value, target, k })).toBeCloseTo(expected, 10);
    },
  );
});

describe('continuityScore', () => {
  it('should be 0 for a failed or empty stream (the original scored 1.0)', () => {
    expect(continuityScore(failedMeasurement())).toBe(0);
    expect(continuityScore(fakeMeasurement({ token_events: 0 }))).toBe(0);
  });

  it('should subtract only the part of each gap beyond one second', () => {
    expect(
      continuityScore(fakeMeasurement({ event_gaps_ms: [500, 500, 1000] })),
    ).toBe(1);
    expect(
      continuityScore(fakeMeasurement({ event_gaps_ms: [1000, 3000] })),
    ).toBeCloseTo(1 - 2000 / 4000, 10);
  });
});

describe('scoreTask', () => {
  it('should score a correct answer 1 on quality with traceable inputs', async () => {
    const scores = await scoreTask({
      task: task({ answer: 'Paris' }),
      measurement: fakeMeasurement({ content: 'It is Paris.' }),
      scorers: defaultScorers(),
    });
    expect(scores.quality.score).toBe(1);
    expect(scores.quality.inputs.components).toEqual([
      { check: 'answer', score: 1, detail: { expected: 'Paris', found: true } },
    ]);
    expect(scores.speed.inputs).toMatchObject({
      ttft_ms: 100,
      tpot_ms: 10,
      decode_tokens_per_second: 100,
    });
    expect(scores.multimodal.score).toBeNull();
  });

  it('should give an instant decode (TPOT 0 over many tokens) full rate credit, and TTFT alone only below 2 tokens', async () => {
    const speed = async (measurement: Partial<RequestMeasurement>) =>
      (
        await scoreTask({
          task: task({}),
          measurement: fakeMeasurement({ ttft_ms: 3000, ...measurement }),
          scorers: defaultScorers(),
        })
      ).speed;
    // A server that sends the whole answer at once: 46 tokens, TPOT 0.
    const instant = await speed({ tpot_ms: 0, output_tokens: 46 });
    expect(instant).toMatchObject({
      score: 0.5 * 0.75 + 0.5 * 1,
      formula: '0.5*ttft_score + 0.5*rate_score',
      inputs: { tpot_ms: 0, rate_score: 1 },
    });
    const single = await speed({ tpot_ms: null, output_tokens: 1 });
    expect(single).toMatchObject({
      score: 0.75,
      formula: 'ttft_score (fewer than 2 tokens)',
    });
  });

  it('should match keywords on word boundaries, not inside words', async () => {
    const scores = await scoreTask({
      task: task({ contains: ['J', 'joule'] }),
      measurement: fakeMeasurement({
        content: 'Energy in joules is measured with J.',
      }),
      scorers: defaultScorers(),
    });
    expect(scores.quality.score).toBe(0.5);
  });

  it('should score every dimension 0 for a failed request', async () => {
    const scores = await scoreTask({
      task: imageTask,
      measurement: failedMeasurement(),
      scorers: defaultScorers(),
    });
    expect(Object.values(scores).map(detail => detail.score)).toEqual([
      0, 0, 0, 0, 0,
    ]);
  });

  it('should match tool calls by name and arguments', async () => {
    const expected = {
      tool_call: { name: 'get_weather', arguments: { city: 'Paris' } },
    };
    const score = async (name: string, args: string) =>
      (
        await scoreTask({
          task: task(expected),
          measurement: fakeMeasurement({
            tool_calls: [{ id: '1', name, arguments: args }],
          }),
          scorers: defaultScorers(),
        })
      ).quality.score;
    expect(await score('get_weather', '{"city":"paris, FR"}')).toBe(1);
    expect(await score('get_weather', '{"city":"Rome"}')).toBe(0.6);
    expect(await score('get_weather', '{}')).toBe(0.3);
    expect(await score('search', '{"city":"Paris"}')).toBe(0);
  });

  it.each(['null', '42', '"Paris"'])(
    'should score tool call arguments %s (JSON, not an object) as missing the expected arguments',
    async args => {
      const scores = await scoreTask({
        task: task({
          tool_call: { name: 'get_weather', arguments: { city: 'Paris' } },
        }),
        measurement: fakeMeasurement({
          tool_calls: [{ id: '1', name: 'get_weather', arguments: args }],
        }),
        scorers: defaultScorers(),
      });
      expect(scores.quality.score).toBe(0.3);
      expect(scores.quality.inputs.components).toEqual([
        expect.objectContaining({
          check: 'tool_call',
          detail: expect.objectContaining({ missing: ['city'] }),
        }),
      ]);
    },
  );

  it('should count an expected argument named like an Object member (toString) as missing when absent', async () => {
    const scores = await scoreTask({
      task: task({
        tool_call: { name: 'format', arguments: { toString: 'iso' } },
      }),
      measurement: fakeMeasurement({
        tool_calls: [{ id: '1', name: 'format', arguments: '{}' }],
      }),
      scorers: defaultScorers(),
    });
    expect(scores.quality.score).toBe(0.3);
  });

  it('should validate JSON answers against the task schema', async () => {
    const expected = {
      json_schema: {
        type: 'object',
        properties: { age: { type: 'integer' } },
        required: ['age'],
      },
    };
    const score = async (content: string) =>
      (
        await scoreTask({
          task: task(expected),
          measurement: fakeMeasurement({ content }),
          scorers: defaultScorers(),
        })
      ).quality.score;
    expect(await score('```json\n{"age": 36}\n```')).toBe(1);
    expect(await score('{"age": "36"}')).toBe(0);
    expect(await score('not json')).toBe(0);
  });

  it('should mark code "not executed" without a sandbox and leave it out of the mean', async () => {
    const expected = {
      code: {
        language: 'python' as const,
        function_name: 'add',
        test_cases: [{ input: [1, 2], output: 3 }],
      },
    };
    const scores = await scoreTask({
      task: task(expected),
      measurement: fakeMeasurement({ content: 'def add(a, b): return a + b' }),
      scorers: defaultScorers(),
    });
    expect(scores.quality.score).toBeNull();
    expect(scores.quality.inputs.components).toEqual([
      expect.objectContaining({
        check: 'code',
        score: null,
        detail: expect.objectContaining({ status: 'not executed' }),
      }),
    ]);
  });

  it('should use the media task quality as its multimodal score', async () => {
    const scores = await scoreTask({
      task: imageTask,
      measurement: fakeMeasurement({ content: 'Mostly red.' }),
      scorers: defaultScorers(),
    });
    expect(scores.multimodal.score).toBe(1);
  });

  it('should turn a throwing scorer into a null score, not a crash', async () => {
    const scores = await scoreTask({
      task: task({}),
      measurement: fakeMeasurement(),
      scorers: defaultScorers({
        cost: () => {
          throw new Error('nope');
        },
      }),
    });
    expect(scores.cost).toEqual({
      score: null,
      formula: 'scorer error',
      inputs: { error: 'Error: nope' },
    });
  });
});

describe('scoreTask with a scorer that returns no valid score', () => {
  it.each([Number.NaN, Number.POSITIVE_INFINITY, -0.1, 1.5, '1' as never])(
    'should record %s as a scorer error (null), so the composite stays a number and the report valid JSON',
    async bad => {
      const scores = await scoreTask({
        task: task({ answer: 'Paris' }),
        measurement: fakeMeasurement({ content: 'Paris' }),
        scorers: defaultScorers({
          speed: () => ({ score: bad, formula: 'custom', inputs: {} }),
        }),
      });
      expect(scores.speed).toMatchObject({
        score: null,
        formula: 'scorer error',
        inputs: {
          error: expect.stringContaining('not a number from 0 to 1'),
          returned: { formula: 'custom' },
        },
      });
      const result = summarizeCompetitor({
        competitor: 'c',
        tasks: [
          {
            task_id: 'x',
            category: 'chat',
            measurement: fakeMeasurement({ content: 'Paris' }),
            scores,
          },
        ],
        weights: DEFAULT_WEIGHTS,
      });
      expect(Number.isFinite(result.composite.score)).toBe(true);
      expect(result.composite.components.speed).toBeNull();
    },
  );
});

describe('compositeScore', () => {
  it('should weight components 40/20/15/15/10 by default', () => {
    const result = compositeScore({
      components: {
        quality: 1,
        speed: 0,
        cost: 0,
        streaming: 0,
        multimodal: 0,
      },
    });
    expect(result.score).toBeCloseTo(40, 10);
  });

  it('should spread the weight of an inapplicable component instead of filling it', () => {
    const result = compositeScore({
      components: {
        quality: 1,
        speed: 1,
        cost: 1,
        streaming: 1,
        multimodal: null,
      },
    });
    expect(result.score).toBeCloseTo(100, 10);
    expect(result.effective_weights.multimodal).toBe(0);
    expect(result.effective_weights.quality).toBeCloseTo(40 / 90, 10);
  });

  it('should parse configurable weights', () => {
    expect(parseWeights('q=50,st=5')).toEqual({
      ...DEFAULT_WEIGHTS,
      quality: 50,
      streaming: 5,
    });
    expect(() => parseWeights('zz=1')).toThrow(RangeError);
    // No weight left: every composite would be 0, whatever the scores.
    expect(() => parseWeights('q=0,s=0,c=0,st=0,m=0')).toThrow(
      'At least one weight must be above 0',
    );
  });

  it('should score a run where every request failed at 0 (the original gave 23.25/100)', async () => {
    const tasks = [];
    for (const spec of [
      task({ answer: 'Paris' }),
      imageTask,
      task({ contains: ['a'] }, { category: 'streaming' }),
    ]) {
      const measurement = failedMeasurement();
      tasks.push({
        task_id: spec.id,
        category: spec.category,
        measurement,
        scores: await scoreTask({
          task: spec,
          measurement,
          scorers: defaultScorers(),
        }),
      });
    }
    const result = summarizeCompetitor({
      competitor: 'broken',
      tasks,
      weights: DEFAULT_WEIGHTS,
    });
    expect(result.composite.score).toBe(0);
    expect(result.composite.components).toEqual({
      quality: 0,
      speed: 0,
      cost: 0,
      streaming: 0,
      multimodal: 0,
    });
    expect(result.metrics).toMatchObject({
      failed: 3,
      failure_rate: 1,
      error_kinds: { http_error: 3 },
    });
  });
});
