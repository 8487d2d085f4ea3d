import { describe, expect, it } from 'vitest';
import type { Logger } from '../logger/logger';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from '../server/create-competitor';
import { serve } from './serve';

let markStarted = () => {};
const competitor = createCompetitor({
  id: 'options',
  name: 'Options',
  logger: silentLogger,
  async handle(_request, stream) {
    markStarted();
    // Longer than close()'s fallback delay for a bad value used to be (1 ms).
    await new Promise(resolve => setTimeout(resolve, 200));
    stream.content('done');
  },
});

describe('serve options', () => {
  it.each([
    [
      { port: -1 },
      /^serve: port must be a whole number from 0 to 65535 \(got -1\)$/,
    ],
    [{ port: 1.5 }, /port must be a whole number/],
    [{ port: Number.NaN }, /port must be a whole number .*\(got NaN\)$/],
    [{ port: 70_000 }, /port must be a whole number/],
    [
      { maxBodyBytes: Number.NaN },
      /^serve: maxBodyBytes must be a number from 1 to \d+ \(got NaN\)$/,
    ],
    [{ maxBodyBytes: 0 }, /maxBodyBytes must be a number from 1/],
  ])('should refuse %o, naming the option', async (options, message) => {
    await expect(serve({ competitor, ...options })).rejects.toThrow(message);
  });

  it('should let requests finish within the default grace when close() gets a bad delay, and say so', async () => {
    const warnings: string[] = [];
    const logger: Logger = {
      info() {},
      warn: message => warnings.push(message),
      error() {},
    };
    const server = await serve({ competitor, logger });
    const started = new Promise<void>(resolve => {
      markStarted = resolve;
    });
    const answer = fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({
        model: 'options',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });
    await started;
    await server.close({ graceMs: Number.NaN, abortWaitMs: -1 });
    const response = await answer;
    expect(response.status).toBe(200);
    expect((await response.json()).choices[0].message.content).toBe('done');
    expect(warnings).toEqual([
      'close: graceMs must be a number from 0 to Infinity (got NaN); using 10000 ms',
      'close: abortWaitMs must be a number from 0 to Infinity (got -1); using 5000 ms',
    ]);
  });
});
