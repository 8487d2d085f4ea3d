import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { promisify } from 'node:util';
import { createScriptedModel } from '@janus/competitor-kit/testing';
import { createSandyServer } from '@janus/sandy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchReportSchema } from '../report/report-schema';
import {
  createSseTestServer,
  refusedUrl,
  streamScript,
} from '../test/create-sse-test-server';
import { fakeNewerWriterReport, fakeReport } from '../test/fake-report';
import { runCli } from './run-cli';

type ScriptedModel = Awaited<ReturnType<typeof createScriptedModel>>;
let model: ScriptedModel;
let directory: string;
beforeAll(async () => {
  model = await createScriptedModel({});
  directory = await mkdtemp(join(tmpdir(), 'janus-bench-cli-'));
});
afterAll(async () => {
  await model.close();
  await rm(directory, { recursive: true, force: true });
});

async function cli(
  argv: string[],
  io: {
    fetch?: typeof fetch;
    interrupt?: AbortSignal;
    onStdout?: (text: string) => void;
  } = {},
) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', chunk => {
    out.push(String(chunk));
    io.onStdout?.(String(chunk));
  });
  stderr.on('data', chunk => err.push(String(chunk)));
  const code = await runCli({
    argv,
    io: { stdout, stderr, isTTY: false, env: {}, ...io },
  });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Every object key in a JSON value, recursively. */
function jsonKeys(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(jsonKeys);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) => [
    key,
    ...jsonKeys(inner),
  ]);
}

describe('runCli', () => {
  it('should run a subset, print plain progress and tables, and write JSON and HTML reports', async () => {
    const out = join(directory, 'a.json');
    const html = join(directory, 'a.html');
    const result = await cli([
      'run',
      '--target',
      model.url,
      '--subset',
      '1',
      '--concurrency',
      '4',
      '--out',
      out,
      '--html',
      html,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[7\/7\] janus ok/);
    expect(result.stdout).toContain('composite');
    const report = benchReportSchema.parse(
      JSON.parse(await readFile(out, 'utf8')),
    );
    expect(report.run.tasks).toBe(7);
    const page = await readFile(html, 'utf8');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<(script|link)[^>]+(src|href)=/);
  });

  it('should show and compare saved reports with deltas', async () => {
    const b = join(directory, 'b.json');
    await cli([
      'run',
      '--target',
      model.url,
      '--subset',
      '1',
      '--out',
      b,
      '--competitor',
      'other',
    ]);
    const show = await cli(['show', join(directory, 'a.json')]);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('per category');
    const compare = await cli(['compare', join(directory, 'a.json'), b]);
    expect(compare.code).toBe(0);
    // The same suite, subset and seed: nothing to warn about.
    expect(compare.stderr).toBe('');
    expect(compare.stdout).toContain('janus → other');
    expect(compare.stdout).toMatch(/composite\s+\S+\s+\S+\s+[+-]/);
    const json = await cli(['compare', join(directory, 'a.json'), b, '--json']);
    const parsed = JSON.parse(json.stdout);
    // snake_case like the run report.
    expect(jsonKeys(parsed).filter(key => !/^[a-z0-9_]+$/.test(key))).toEqual(
      [],
    );
    expect(parsed[0].values[0]).toMatchObject({
      name: 'composite',
      higher_is_better: true,
    });
  });

  it('should refuse a show --html path that cannot be written before printing, exiting 2 as run does', async () => {
    const html = join(directory, 'missing-dir', 'show.html');
    const show = await cli(['show', join(directory, 'a.json'), '--html', html]);
    expect(show).toEqual({
      code: 2,
      stdout: '',
      stderr: `janus-bench: --html ${html}: cannot write there (directory ${join(directory, 'missing-dir')} does not exist)\n`,
    });
  });

  it('should name a report path that is a directory', async () => {
    const show = await cli(['show', directory]);
    expect(show).toMatchObject({
      code: 1,
      stderr: `janus-bench: ${directory}: cannot read the report (EISDIR: illegal operation on a directory, read)\n`,
    });
  });

  it('should exit 1 when no competitor is in both compared reports, listing each report’s', async () => {
    const a = JSON.parse(await readFile(join(directory, 'a.json'), 'utf8'));
    const two = (names: string[]) => ({
      ...a,
      competitors: names.map(name => ({
        ...a.competitors[0],
        competitor: name,
      })),
    });
    const left = join(directory, 'xy.json');
    const right = join(directory, 'zw.json');
    await writeFile(left, JSON.stringify(two(['x', 'y'])));
    await writeFile(right, JSON.stringify(two(['z', 'w'])));
    const compare = await cli(['compare', left, right]);
    expect(compare).toEqual({
      code: 1,
      stdout: '',
      stderr: `janus-bench: No competitor appears in both reports (competitors are matched by id): a (${a.run.id}) has x, y; b (${a.run.id}) has z, w.\n`,
    });
  });

  it('should show and compare a report from a newer writer: an unknown error kind shown as it is, unknown fields kept', async () => {
    const newer = join(directory, 'newer-writer.json');
    const current = join(directory, 'current-writer.json');
    await writeFile(
      newer,
      JSON.stringify(await fakeNewerWriterReport({ competitors: ['alpha'] })),
    );
    await writeFile(
      current,
      JSON.stringify(await fakeReport({ competitors: ['alpha'] })),
    );
    const show = await cli(['show', newer]);
    expect(show).toMatchObject({ code: 0, stderr: '' });
    expect(show.stdout).toContain('failures: future_kind ×1');
    expect(show.stdout).toContain('chat-1: future_kind: a newer failure');
    const json = await cli(['show', newer, '--json']);
    const parsed = JSON.parse(json.stdout);
    expect(parsed.future_field).toEqual({ added: 'later' });
    expect(parsed.competitors[0].tasks[0].measurement).toMatchObject({
      error: { kind: 'future_kind' },
      tokens_source: 'future_source',
      future_measurement_field: 7,
    });
    const html = join(directory, 'newer-writer.html');
    expect((await cli(['show', newer, '--html', html])).code).toBe(0);
    expect(await readFile(html, 'utf8')).toContain(
      'future_kind: a newer failure',
    );
    const compare = await cli(['compare', current, newer]);
    expect(compare).toMatchObject({ code: 0, stderr: '' });
    expect(compare.stdout).toMatch(
      /failure rate %\s+0\.00\s+100\.00\s+\+100\.00 worse/,
    );
  });

  it('should refuse a report of a newer schema_version, naming both versions', async () => {
    const newer = join(directory, 'schema-v2.json');
    const current = join(directory, 'schema-v1.json');
    await writeFile(
      current,
      JSON.stringify(await fakeReport({ competitors: ['alpha'] })),
    );
    await writeFile(
      newer,
      JSON.stringify({
        ...(await fakeReport({ competitors: ['alpha'] })),
        schema_version: 2,
        tool: { name: '@janus/bench', version: '9.0.0' },
      }),
    );
    const expected = {
      code: 1,
      stdout: '',
      stderr: `janus-bench: ${newer}: the report has schema_version 2 (written by @janus/bench 9.0.0), newer than this janus-bench reads (schema_version 1, @janus/bench 0.0.0-source): upgrade @janus/bench to read it\n`,
    };
    expect(await cli(['show', newer])).toEqual(expected);
    expect(await cli(['compare', current, newer])).toEqual(expected);
  });

  it('should write show --html after the printed report', async () => {
    const html = join(directory, 'show.html');
    const show = await cli(['show', join(directory, 'a.json'), '--html', html]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/per category[\s\S]*\nhtml: .*show\.html\n$/);
    expect(await readFile(html, 'utf8')).toContain('<svg');
  });

  it('should warn when the compared reports did not run the same tasks', async () => {
    const a = JSON.parse(await readFile(join(directory, 'a.json'), 'utf8'));
    const other = join(directory, 'other-suite.json');
    await writeFile(
      other,
      JSON.stringify({
        ...a,
        run: { ...a.run, suite: 'private/x', tasks: 5, subset: null },
      }),
    );
    const compare = await cli(['compare', join(directory, 'a.json'), other]);
    expect(compare.code).toBe(0);
    expect(compare.stderr).toContain(
      'warning: the reports did not run the same tasks (public/dev, 7 tasks, subset 1, seed 42 vs private/x, 5 tasks, seed 42): the deltas compare different work',
    );
  });

  it('should finish and report the tasks done when interrupted (Ctrl-C), exiting 130', async () => {
    // Paced, so the first task is scored while the second is still running.
    const slow = await createScriptedModel({ pace: { tokensPerSecond: 100 } });
    const interrupt = new AbortController();
    const out = join(directory, 'interrupted.json');
    const result = await cli(
      [
        'run',
        '--target',
        slow.url,
        '--subset',
        '1',
        '--concurrency',
        '1',
        '--out',
        out,
      ],
      {
        interrupt: interrupt.signal,
        // The first task is done: the user presses Ctrl-C.
        onStdout: text => {
          if (text.includes('[1/7]')) interrupt.abort();
        },
      },
    );
    await slow.close();
    expect(result.code).toBe(130);
    expect(result.stdout).toContain('composite');
    const report = benchReportSchema.parse(
      JSON.parse(await readFile(out, 'utf8')),
    );
    const done = report.competitors[0]!.tasks.length;
    expect(done).toBeGreaterThanOrEqual(1);
    expect(done).toBeLessThan(7);
    expect(report.run.notes).toContainEqual(
      expect.stringMatching(/^Interrupted \(Ctrl-C\) after \d+ of 7 tasks/),
    );
  });

  it('should list the shipped suites', async () => {
    const result = await cli(['list', '--json']);
    const suites = JSON.parse(result.stdout) as {
      name: string;
      tasks: number;
    }[];
    expect(
      suites.find(suite => suite.name === 'public/dev')!.tasks,
    ).toBeGreaterThanOrEqual(60);
  });

  it('should exit 2 with a clear message on bad flags and 1 on a bad report', async () => {
    const usage = await cli(['run', '--target', model.url, '--weights', 'x=1']);
    expect(usage).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown weight "x"'),
    });
    const missing = await cli(['show', join(directory, 'missing.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.json');
  });

  it('should name an unreadable report once, with the parser’s reason', async () => {
    const file = join(directory, 'not-json.txt');
    await writeFile(file, 'hello\n');
    const result = await cli(['show', file]);
    expect(result).toMatchObject({
      code: 1,
      stderr: `janus-bench: ${file}: Invalid JSON in report (Unexpected token 'h', "hello " is not valid JSON)\n`,
    });
  });

  it('should name the URL and the cause when a suite URL cannot be fetched', async () => {
    const suite = `${await refusedUrl()}/suite.jsonl`;
    const result = await cli(['run', '--target', model.url, '--suite', suite]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^janus-bench: Cannot fetch suite ${suite.replace(/[.]/g, '\\.')}: fetch failed \\(connect ECONNREFUSED`,
      ),
    );
  });

  it('should mention $JANUS_BENCH_TARGET in run --help', async () => {
    const result = await cli(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout.replace(/\s+/g, ' ')).toContain(
      '--target <url> gateway or competitor base URL (or $JANUS_BENCH_TARGET)',
    );
  });

  it('should check --max-failure-rate before running and accept 0 to 1', async () => {
    const before = model.requests.length;
    for (const value of ['-0.1', '1.5', 'x']) {
      const result = await cli([
        'run',
        '--target',
        model.url,
        '--subset',
        '1',
        '--max-failure-rate',
        value,
      ]);
      expect(result).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(
          `--max-failure-rate must be a number from 0 to 1, got "${value}"`,
        ),
      });
    }
    expect(model.requests.length).toBe(before);
    // 0 = no failure allowed: the scripted model fails none.
    const zero = await cli([
      'run',
      '--target',
      model.url,
      '--subset',
      '1',
      '--max-failure-rate',
      '0',
    ]);
    expect(zero).toMatchObject({ code: 0, stderr: '' });
    // And a refused connection fails every request: above 0, exit 1.
    const refused = await cli([
      'run',
      '--target',
      'http://127.0.0.1:1',
      '--subset',
      '1',
      '--max-failure-rate',
      '0',
    ]);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        'janus failed 100.0% of its requests (7/7), above --max-failure-rate 0',
      ),
    });
  });

  it.each([
    ['run', 'not a url'],
    ['run', 'localhost:8000'],
    ['conformance', '127.0.0.1:8000'],
  ])(
    'should exit 2 on an invalid %s --target %s without sending anything',
    async (command, target) => {
      const result = await cli([command, '--target', target]);
      expect(result).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(
          `--target must be an http(s) URL, got "${target}"`,
        ),
      });
    },
  );

  it.each([
    [
      ['--sandy-url', 'notaurl'],
      '--sandy-url must be an http(s) URL, got "notaurl"',
    ],
    [
      ['--judge-url', 'notaurl', '--judge-model', 'm'],
      '--judge-url must be an http(s) URL, got "notaurl"',
    ],
    [['--judge-model', 'm'], '--judge-model needs --judge-url'],
    [['--arrival', 'constant'], '--arrival needs --rate'],
    [
      ['--rate', '1e-9'],
      '--rate must be at least 4.66e-7/s (one request per 24.9 days), got "1e-9"',
    ],
    [['--weights', 'q'], 'Invalid weight "q": expected name=value'],
    [['--weights', 'q='], 'Invalid weight "q=": the value must be a number'],
    [['--weights', 'q=40=5'], 'Invalid weight "q=40=5": expected name=value'],
    [['--weights', 'q=40,q=10'], 'Weight "q=10" sets quality again'],
    [
      ['--sandy-url', 'http://127.0.0.1:1'],
      'Sandy at http://127.0.0.1:1 is not reachable (GET http://127.0.0.1:1/health failed: fetch failed (bad port)); start it or drop --sandy-url',
    ],
  ])(
    'should exit 2 on run %j without sending anything',
    async (flags, message) => {
      const before = model.requests.length;
      const result = await cli([
        'run',
        '--target',
        model.url,
        '--subset',
        '1',
        ...flags,
      ]);
      expect(result).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(message),
      });
      expect(model.requests.length).toBe(before);
    },
  );

  it('should refuse a Sandy whose /health does not answer 2xx', async () => {
    await using notSandy = await createSseTestServer((_body, response) => {
      response.writeHead(404).end();
    });
    const origin = notSandy.url.replace(/\/v1$/, '');
    const result = await cli([
      'run',
      '--target',
      model.url,
      '--sandy-url',
      origin,
    ]);
    expect(result).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        `Sandy at ${origin} is not reachable (GET ${origin}/health answered HTTP 404)`,
      ),
    });
  });

  it('should run code checks in a Sandy that answers /health', async () => {
    const sandy = createSandyServer({});
    const { url } = await sandy.listen();
    try {
      const out = join(directory, 'sandy.json');
      const result = await cli([
        'run',
        '--target',
        model.url,
        '--subset',
        '1',
        '--sandy-url',
        url,
        '--out',
        out,
      ]);
      expect(result.code).toBe(0);
      const report = benchReportSchema.parse(
        JSON.parse(await readFile(out, 'utf8')),
      );
      expect(report.run.sandy).toBe(true);
      expect(report.run.notes.join('\n')).not.toMatch(
        /sandbox error|Code tasks were not executed/,
      );
    } finally {
      await sandy.close();
    }
  });

  it('should exit 1 and note when every request of a competitor failed, unless --max-failure-rate allows it', async () => {
    const out = join(directory, 'refused.json');
    const result = await cli([
      'run',
      '--target',
      'http://127.0.0.1:1',
      '--subset',
      '1',
      '--out',
      out,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'error: every request of janus failed (7/7; first: connect_error:',
    );
    expect(result.stderr).toContain('(--max-failure-rate 1 accepts it)');
    const report = benchReportSchema.parse(
      JSON.parse(await readFile(out, 'utf8')),
    );
    expect(report.run.notes.join('\n')).toContain(
      'Every request of janus failed (7/7; first: connect_error:',
    );
    expect(result.stdout).toContain('note: Every request of janus failed');
    // An explicit limit decides instead: 1 accepts any failure rate.
    const accepted = await cli([
      'run',
      '--target',
      'http://127.0.0.1:1',
      '--subset',
      '1',
      '--max-failure-rate',
      '1',
    ]);
    expect(accepted.code).toBe(0);
    expect(accepted.stderr).toContain(
      'warning: every request of janus failed (7/7; first: connect_error:',
    );
  });

  it('should report answers that are error messages as error_as_content failures', async () => {
    await using masking = await createSseTestServer((body, response) =>
      streamScript(body, response, { pieces: ['Error: ', 'upstream 503'] }),
    );
    const out = join(directory, 'masking.json');
    const result = await cli([
      'run',
      '--target',
      masking.url,
      '--subset',
      '1',
      '--out',
      out,
      '--max-failure-rate',
      '0.5',
    ]);
    // Counted as failures, so --max-failure-rate sees them.
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /FAIL \S+ ttft [\d.]+ms q 0 st 0 error_as_content: the answer is an error message \(error_prefix\), not an answer: Error: upstream 503/,
    );
    expect(result.stdout).toContain('failures: error_as_content ×7');
    expect(result.stdout).toContain(
      'note: 7 answer(s) of janus were error messages sent as answer text',
    );
    const report = benchReportSchema.parse(
      JSON.parse(await readFile(out, 'utf8')),
    );
    expect(report.competitors[0]!.metrics.error_kinds).toEqual({
      error_as_content: 7,
    });
  });

  it.each([
    [
      '--out',
      'missing-dir/r.json',
      'directory <dir>/missing-dir does not exist',
    ],
    [
      '--html',
      'missing-dir/r.html',
      'directory <dir>/missing-dir does not exist',
    ],
    ['--out', '.', 'is a directory'],
  ])(
    'should exit 2 before running when %s %s cannot be written',
    async (flag, name, reason) => {
      const before = model.requests.length;
      const path = join(directory, name);
      const result = await cli([
        'run',
        '--target',
        model.url,
        '--subset',
        '1',
        flag,
        path,
      ]);
      expect(result).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining(
          `${flag} ${path}: cannot write there (${reason.replace('<dir>', directory)})`,
        ),
      });
      expect(model.requests.length).toBe(before);
    },
  );

  it('should print the console report before writing files, so a failed write loses nothing', async () => {
    const vanishing = await mkdtemp(join(tmpdir(), 'janus-bench-vanishing-'));
    const out = join(vanishing, 'r.json');
    // The directory disappears during the run, after the up-front check.
    const fetchThenRemove: typeof fetch = async (input, init) => {
      await rm(vanishing, { recursive: true, force: true });
      return fetch(input, init);
    };
    const result = await cli(
      ['run', '--target', model.url, '--subset', '1', '--out', out],
      { fetch: fetchThenRemove },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('per category');
    expect(result.stderr).toContain(
      `--out: cannot write ${out} (ENOENT: no such file or directory); the report above is complete`,
    );
  });

  it('should run the conformance check and exit 0 against the scripted model', async () => {
    const result = await cli([
      'conformance',
      '--target',
      model.url.replace(/\/v1$/, ''),
      '--json',
    ]);
    const report = JSON.parse(result.stdout) as {
      passed: boolean;
      started_at: string;
      duration_ms: number;
      results: {
        id: string;
        status: string;
        reason: string | null;
        duration_ms: number;
      }[];
    };
    expect(report.results.length).toBeGreaterThan(0);
    expect(result.code).toBe(report.passed ? 0 : 1);
    // snake_case like the run report: no camelCase key anywhere.
    expect(jsonKeys(report).filter(key => !/^[a-z0-9_]+$/.test(key))).toEqual(
      [],
    );
    expect(report).toMatchObject({
      started_at: expect.any(String),
      duration_ms: expect.any(Number),
    });
    for (const check of report.results) {
      expect(check.duration_ms).toEqual(expect.any(Number));
      // Absent reasons are null, as absent values are in the run report.
      expect(check.reason === null).toBe(check.status === 'pass');
    }
  });

  const bin = new URL('../../dist/bin/janus-bench.js', import.meta.url)
    .pathname;
  it.runIf(existsSync(bin))(
    'should print a machine-readable report from the built bin with --json',
    async () => {
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [bin, 'run', '--target', model.url, '--subset', '1', '--json'],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      const report = benchReportSchema.parse(JSON.parse(stdout));
      expect(report.competitors[0]!.metrics.requests).toBe(7);
    },
  );
});
