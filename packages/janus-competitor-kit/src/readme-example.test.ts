import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import OpenAI from 'openai';
import { describe, expect, it, vi } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const example =
  /<!-- readme-example[^>]*-->\s*```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';

describe('README example', () => {
  it('should be at most 30 lines', () => {
    expect(example.trim().split('\n').length).toBeLessThanOrEqual(30);
  });

  it('should run as written and answer the openai client', async () => {
    // The block as is, plus an export so the test can stop its server.
    const file = new URL('./.readme-example.tmp.ts', import.meta.url);
    writeFileSync(file, `${example}\nexport { server };\n`);
    vi.stubEnv('PORT', '0');
    for (const name of [
      'JANUS_LLM_BASE_URL',
      'CHUTES_API_KEY',
      'OPENAI_API_KEY',
    ])
      vi.stubEnv(name, '');
    const logs: string[] = [];
    vi.spyOn(console, 'log').mockImplementation(line =>
      logs.push(String(line)),
    );
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation(line =>
      errors.push(String(line)),
    );
    try {
      const module = await import(
        /* @vite-ignore */ `${file.href}?t=${Date.now()}`
      );
      const server = module.server as { url: string; close(): Promise<void> };
      try {
        expect(logs).toEqual([`competitor listening on ${server.url}`]);
        expect(errors.join('\n')).toContain('using the Janus scripted model');
        const openai = new OpenAI({
          baseURL: `${server.url}/v1`,
          apiKey: 'k',
          maxRetries: 0,
        });
        const completion = await openai.chat.completions.create({
          model: 'my-competitor',
          messages: [
            { role: 'user', content: 'What is the capital of France?' },
          ],
        });
        expect(completion.choices[0]?.message.content).toBe(
          'The capital of France is Paris.',
        );
        // "An error before the first byte becomes its HTTP status" must
        // hold for the example: the scripted model answers [[fail]] with a
        // 500 before any byte, which the kit reports as 502.
        const failed = await fetch(`${server.url}/v1/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({
            model: 'my-competitor',
            stream: true,
            messages: [{ role: 'user', content: '[[fail]]' }],
          }),
        });
        expect(failed.status).toBe(502);
        expect((await failed.json()).error.message).toContain(
          'Scripted failure',
        );
        const health = await (await fetch(`${server.url}/health`)).json();
        expect(health.llm).toMatchObject({ mode: 'scripted' });
      } finally {
        await server.close();
      }
    } finally {
      rmSync(file, { force: true });
      vi.unstubAllEnvs();
    }
  });
});
