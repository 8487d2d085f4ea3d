import { createSandyServer } from '@janus/sandy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandyCodeRunner } from './sandy-code-runner';

type Sandy = ReturnType<typeof createSandyServer>;
let sandy: Sandy;
let url: string;
beforeAll(async () => {
  sandy = createSandyServer({});
  const listening = await sandy.listen();
  url = listening.url;
});
afterAll(async () => {
  await sandy.close();
});

describe('createSandyCodeRunner', () => {
  it('should run code against its test cases inside a real Sandy sandbox', async () => {
    const run = createSandyCodeRunner({ url });
    const result = await run({
      code: 'def add(a, b):\n    return a + b\n',
      functionName: 'add',
      testCases: [
        { input: [1, 2], output: 3 },
        { input: [2, 2], output: 5 },
      ],
    });
    expect(result.passed).toBe(1);
    expect(result.total).toBe(2);
    expect(result.failures[0]).toContain('expected 5');
  });

  it('should score code that does not load as 0 passed, with the reason', async () => {
    const run = createSandyCodeRunner({ url });
    const result = await run({
      code: 'def broken(:\n',
      functionName: 'broken',
      testCases: [{ input: [], output: 1 }],
    });
    expect(result).toMatchObject({ passed: 0, total: 1 });
    expect(result.failures[0]).toContain('load');
  });

  it('should compare numbers within 1e-6 even when JSON made the expected float an integer', async () => {
    const run = createSandyCodeRunner({ url });
    const result = await run({
      code: 'def half(x):\n    return x / 2 + 1e-10\n',
      functionName: 'half',
      // An author's 2.0 arrives as 2; True must still not pass for 1.
      testCases: [
        { input: [4], output: 2.0 },
        { input: [3], output: 1.5 },
        { input: [2], output: true },
      ],
    });
    expect(result).toMatchObject({ passed: 2, total: 3 });
    expect(result.failures).toEqual(['[2] -> 1.0000000001 (expected True)']);
  });

  it('should keep the query of the Sandy URL at the end of every call', async () => {
    // A proxy in front of Sandy that takes its key in the query.
    const seen: string[] = [];
    const proxy: typeof fetch = async (input, init) => {
      const request = new Request(input, init);
      const target = new URL(request.url);
      seen.push(`${target.pathname}${target.search}`);
      if (target.search !== '?key=a')
        return Response.json({ error: 'no key' }, { status: 401 });
      target.search = '';
      return fetch(new Request(target, request));
    };
    const run = createSandyCodeRunner({ url: `${url}/?key=a`, fetch: proxy });
    const result = await run({
      code: 'def one():\n    return 1\n',
      functionName: 'one',
      testCases: [{ input: [], output: 1 }],
    });
    expect(result).toMatchObject({ passed: 1, total: 1 });
    expect(seen[0]).toBe('/api/sandboxes/?key=a');
    expect(seen.slice(1).every(path => path.endsWith('?key=a'))).toBe(true);
    expect(seen.at(-1)).toMatch(/^\/api\/sandboxes\/[^/]+\/terminate\?key=a$/);
  });

  it('should name a Sandy answer that is not JSON, with its start', async () => {
    const run = createSandyCodeRunner({
      url,
      fetch: async () =>
        new Response('<html><body>502 Bad Gateway</body></html>', {
          headers: { 'content-type': 'text/html' },
        }),
    });
    await expect(
      run({ code: 'x = 1\n', functionName: 'f', testCases: [] }),
    ).rejects.toThrow(
      'Invalid JSON in Sandy sandbox: "<html><body>502 Bad Gateway</body></html>"',
    );
  });

  it('should say that code which never ends was killed at the time limit', async () => {
    const run = createSandyCodeRunner({ url, timeoutMs: 1000 });
    const result = await run({
      code: 'def spin():\n    while True:\n        pass\n',
      functionName: 'spin',
      testCases: [{ input: [], output: 1 }],
    });
    expect(result).toMatchObject({ passed: 0, total: 1 });
    expect(result.failures[0]).toMatch(
      /^killed after the 1000 ms time limit \(exit \d+\)/,
    );
  });
});
