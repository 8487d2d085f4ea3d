import OpenAI, { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { startTestGateway, TEST_IO } from '../../test/test-gateway';
import { chunkFrame, openSse, startTestServer } from '../../test/test-server';

/** The official client, pointed at the gateway, without client-side retries. */
function client(baseURL: string): OpenAI {
  return new OpenAI({
    baseURL: `${baseURL}/v1`,
    apiKey: 'sk-client',
    maxRetries: 0,
  });
}

/** Starts a streamed completion from the `alpha` competitor. */
function streamChat(baseURL: string) {
  return client(baseURL).chat.completions.create({
    model: 'alpha',
    stream: true,
    messages: [{ role: 'user', content: 'hi' }],
  });
}

async function consume(
  stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>,
): Promise<string> {
  let text = '';
  for await (const chunk of stream)
    text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

describe.each(TEST_IO)('createGateway: official openai client (%s)', io => {
  it('should stream a completion', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ role: 'assistant', content: 'Hello' }));
      response.end(`${chunkFrame({ content: ' world' })}data: [DONE]\n\n`);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
    });
    const stream = await streamChat(gateway.url);
    expect(await consume(stream)).toBe('Hello world');
  });

  it('should raise APIError for a failure before the first byte', async () => {
    await using competitor = await startTestServer((_request, response) => {
      response
        .writeHead(500, { 'content-type': 'application/json' })
        .end('{"error":{"message":"exploded"}}');
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
    });
    const openai = client(gateway.url);
    const error = await openai.chat.completions
      .create({
        model: 'alpha',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .then(consume)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(502);
    expect((error as APIError).message).toContain('exploded');
    const nonStream = await openai.chat.completions
      .create({ model: 'alpha', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(nonStream).toBeInstanceOf(APIError);
    expect((nonStream as APIError).status).toBe(502);
  });

  it("should not let the client's own retries multiply the gateway's attempts", async () => {
    let calls = 0;
    await using competitor = await startTestServer((_request, response) => {
      calls++;
      response
        .writeHead(502, { 'content-type': 'application/json' })
        .end('{"error":{"message":"bad gateway"}}');
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
      retry: { attempts: 3, baseDelayMs: 10 },
    });
    // The SDK's default: 2 retries of a 5xx, unless told not to.
    const openai = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'sk-client',
      maxRetries: 2,
    });
    for (const stream of [false, true]) {
      calls = 0;
      const error = await openai.chat.completions
        .create({
          model: 'alpha',
          stream,
          messages: [{ role: 'user', content: 'hi' }],
        })
        .catch((caught: unknown) => caught);
      // The gateway's 3 attempts, not 3 × 3.
      expect(calls).toBe(3);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(502);
      expect((error as APIError).headers?.get('x-should-retry')).toBe('false');
    }
  });

  it('should raise APIError when the competitor dies mid-stream', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      response.write(chunkFrame({ role: 'assistant', content: 'partial' }));
      setTimeout(() => response.socket?.destroy(), 20);
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
    });
    const stream = await streamChat(gateway.url);
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream)
        text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(text).toBe('partial');
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).message).toContain('competitor stream failed');
  });

  it('should raise APIError for an unknown competitor (404 model_not_found)', async () => {
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: 'http://127.0.0.1:9' }],
    });
    const error = await client(gateway.url)
      .chat.completions.create({
        model: 'alpha',
        messages: [{ role: 'user', content: 'hi' }],
        // @ts-expect-error: a Janus extension field.
        competitor_id: 'ghost',
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(404);
    expect((error as APIError).code).toBe('model_not_found');
  });
});
