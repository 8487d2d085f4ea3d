import {
  type ExecResult,
  execResultSchema,
  safeParseJsonWith,
  sandboxInfoSchema,
} from '@janus/protocol';
import ky from 'ky';
import type { ZodType } from 'zod/v4';
import { joinUrl } from '../../internal/join-url';

/** The outcome of running a code answer against its test cases. */
export interface CodeRunResult {
  passed: number;
  total: number;
  /** Per-case outcome lines printed by the harness, or the error. */
  failures: string[];
}

/** Runs extracted code against test cases. */
export type CodeRunner = (options: {
  code: string;
  functionName: string;
  testCases: { input: unknown[]; output: unknown }[];
  signal?: AbortSignal;
}) => Promise<CodeRunResult>;

/** Options of {@link createSandyCodeRunner}. */
export interface SandyCodeRunnerOptions {
  /** Sandy base URL, e.g. `http://127.0.0.1:8787` (the API lives under `/api/sandboxes`). */
  url: string;
  apiKey?: string;
  fetch?: typeof fetch;
  /** Per-call HTTP timeout and exec limit, ms (default 30 000). */
  timeoutMs?: number;
}

// Python harness: imports the answer, calls the function per case, prints a
// JSON summary. Numbers compare within 1e-6 whenever both sides are numbers
// (bool is not): JSON turns an expected 2.0 into 2, so a float test on the
// expected side alone would make 2.0000000001 fail against 2.
const HARNESS = `import json, sys, importlib.util
spec = importlib.util.spec_from_file_location("solution", "solution.py")
cases = json.load(open("cases.json"))
passed, failures = 0, []
def number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool)
def same(result, expected):
    if number(result) and number(expected):
        return abs(result - expected) < 1e-6
    return result == expected
try:
    module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
    function = getattr(module, sys.argv[1])
except Exception as error:
    print(json.dumps({"passed": 0, "total": len(cases), "failures": ["load: %r" % error]})); sys.exit(0)
for case in cases:
    try:
        result = function(*case["input"])
        ok = same(result, case["output"])
    except Exception as error:
        ok, result = False, "raised %r" % error
    if ok: passed += 1
    else: failures.append("%r -> %r (expected %r)" % (case["input"], result, case["output"]))
print(json.dumps({"passed": passed, "total": len(cases), "failures": failures}))
`;

/**
 * Executes code answers in a Sandy sandbox over plain HTTP (the Sandy API
 * shapes of `@janus/protocol`): create, write `solution.py` + harness +
 * cases, exec `python3 harness.py <function>`, terminate. Nothing is ever
 * executed in the bench process.
 */
export function createSandyCodeRunner(
  options: SandyCodeRunnerOptions,
): CodeRunner {
  const timeout = options.timeoutMs ?? 30_000;
  // Joined as URLs, not with ky's `prefixUrl` (string concatenation), so a
  // query in the Sandy URL stays at the end. Per call: a URL that does not
  // parse fails each code check as a sandbox error, not the whole run.
  const endpoint = (path: string) =>
    joinUrl({ base: options.url, path: `/api/sandboxes/${path}` });
  const client = ky.create({
    retry: 0,
    timeout: timeout + 5000,
    headers: options.apiKey
      ? { authorization: `Bearer ${options.apiKey}` }
      : {},
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  return async ({ code, functionName, testCases, signal }) => {
    const info = parseSandyAnswer(
      await client
        .post(endpoint(''), { json: { ttl_seconds: 120 }, signal })
        .text(),
      sandboxInfoSchema,
      'Sandy sandbox',
    );
    const id = encodeURIComponent(info.sandboxId);
    try {
      const files = {
        'solution.py': code,
        'harness.py': HARNESS,
        'cases.json': JSON.stringify(testCases),
      };
      for (const [path, content] of Object.entries(files)) {
        await client.post(endpoint(`${id}/files/write`), {
          json: { path, content },
          signal,
        });
      }
      const result = parseSandyAnswer(
        await client
          .post(endpoint(`${id}/exec`), {
            json: {
              command: `python3 harness.py ${JSON.stringify(functionName)}`,
              timeoutMs: timeout,
            },
            signal,
          })
          .text(),
        execResultSchema,
        'Sandy exec result',
      );
      const line = result.stdout.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(line) as CodeRunResult;
      } catch {
        const stderr = result.stderr.slice(0, 300);
        return {
          passed: 0,
          total: testCases.length,
          failures: [
            `${describeExit(result, timeout)}${stderr ? `: ${stderr}` : ''}`,
          ],
        };
      }
    } finally {
      await client
        .post(endpoint(`${id}/terminate`), { json: {} })
        .catch(() => {});
    }
  };
}

/**
 * Why the harness printed no summary: a kill says so (an endless loop or a
 * memory hog ends as a bare `exit 137` with no output otherwise).
 */
function describeExit(result: ExecResult, timeoutMs: number): string {
  if (result.timedOut)
    return `killed after the ${timeoutMs} ms time limit (exit ${result.exitCode})`;
  if (result.exitCode === 137)
    return 'exit 137: killed (SIGKILL: the time or memory limit)';
  return `exit ${result.exitCode}`;
}

/**
 * A Sandy answer as `schema` says, or an error that names what came instead
 * (a proxy's HTML page, a different API): the run note shows the first
 * sandbox error, and `Unexpected token '<'` would not say where it came from.
 */
function parseSandyAnswer<T>(
  text: string,
  schema: ZodType<T>,
  subject: string,
): T {
  const result = safeParseJsonWith({
    text,
    schema,
    subject,
    code: 'invalid_response',
  });
  if (!result.success)
    throw new Error(
      `${result.error.message}: ${JSON.stringify(text.slice(0, 120))}`,
    );
  return result.value;
}
