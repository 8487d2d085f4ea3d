import { afterEach, beforeEach, vi } from 'vitest';

/**
 * Fails a test that writes to the console unexpectedly (STYLE.md 11.7, after
 * zod's scripts/fail-on-console.ts). Calls are recorded, not thrown, so a
 * server that logs inside a request handler is not broken mid-test; the test
 * fails afterwards with what was printed. Tests that expect output install
 * their own spy (`vi.spyOn(console, 'warn').mockImplementation(() => {})`),
 * which replaces this guard for that method.
 */
const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
let unexpected: string[] = [];
const guards = new Map<string, unknown>();

beforeEach(() => {
  unexpected = [];
  guards.clear();
  for (const method of methods) {
    const spy = vi.spyOn(console, method).mockImplementation((...args) => {
      unexpected.push(`console.${method}: ${args.map(String).join(' ')}`);
    });
    guards.set(method, spy);
  }
});

afterEach(() => {
  // A test that re-spied a method on purpose replaced our guard; only calls
  // that reached the guard count.
  const calls = unexpected;
  unexpected = [];
  vi.restoreAllMocks();
  if (calls.length > 0) {
    throw new Error(`Unexpected console output in test:\n${calls.join('\n')}`);
  }
});
