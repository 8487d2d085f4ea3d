// @vitest-environment edge-runtime
import { parseChatCompletionStream } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from './create-competitor';

// The root entry is Web-API only (STYLE.md 3.2): the server must run on an
// edge runtime as is, streams, artifacts and all.
describe('createCompetitor (edge runtime)', () => {
  const competitor = createCompetitor({
    id: 'edge',
    name: 'Edge',
    logger: silentLogger,
    async *handle(_request, stream, context) {
      stream.reasoning('on the edge\n');
      yield 'Hello ';
      yield 'edge';
      const artifact = await context.artifacts.put({
        name: 'a.txt',
        bytes: new TextEncoder().encode('A'),
      });
      stream.artifacts([artifact]);
    },
  });
  const post = (stream: boolean) =>
    new Request('http://edge.test/v1/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'edge',
        stream,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    });

  it('should stream and answer non-stream requests without Node APIs', async () => {
    expect(typeof (globalThis as { EdgeRuntime?: unknown }).EdgeRuntime).toBe(
      'string',
    );
    let content = '';
    for await (const part of parseChatCompletionStream(
      await competitor.fetch(post(true)),
    ))
      if (part.type === 'data')
        content += part.value.choices[0]?.delta.content ?? '';
    expect(content).toBe('Hello edge');
    const completion = await (await competitor.fetch(post(false))).json();
    expect(completion.choices[0].message).toMatchObject({
      content: 'Hello edge',
      reasoning_content: 'on the edge\n',
    });
    const url = completion.choices[0].message.artifacts[0].url;
    expect(
      await (
        await competitor.fetch(new Request(`http://edge.test${url}`))
      ).text(),
    ).toBe('A');
  });
});
