import OpenAI from 'openai';
import type { ChatCompletionCreateParamsNonStreaming } from 'openai/resources/chat/completions';
import { describe, expect, it } from 'vitest';
import { startTestGateway, TEST_IO } from '../../test/test-gateway';
import {
  chunkFrame,
  completionBody,
  openSse,
  startTestServer,
} from '../../test/test-server';

/**
 * Requests only the newer or older corners of the OpenAI API use (custom
 * tools, `allowed_tools`, legacy function messages, custom tool calls in the
 * history), next to the everyday parameters. The gateway must forward each
 * exactly as the official client sent it.
 */
const params = {
  model: 'alpha',
  messages: [
    { role: 'developer', content: 'Use tools.' },
    { role: 'user', content: 'Weather in Rome, then count rows.' },
    {
      role: 'assistant',
      content: null,
      tool_calls: [
        {
          id: 'call_1',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
        },
        {
          id: 'call_2',
          type: 'custom',
          custom: { name: 'run_sql', input: 'SELECT count(*) FROM t' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_1', content: 'sunny' },
    { role: 'tool', tool_call_id: 'call_2', content: '42' },
    {
      role: 'assistant',
      content: null,
      function_call: { name: 'now', arguments: '{}' },
    },
    { role: 'function', name: 'now', content: '12:00' },
  ],
  tools: [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        parameters: { type: 'object', properties: {} },
        strict: true,
      },
    },
    {
      type: 'custom',
      custom: {
        name: 'run_sql',
        format: {
          type: 'grammar',
          grammar: { syntax: 'lark', definition: 'start: "SELECT" /.+/' },
        },
      },
    },
  ],
  tool_choice: {
    type: 'allowed_tools',
    allowed_tools: {
      mode: 'auto',
      tools: [{ type: 'custom', custom: { name: 'run_sql' } }],
    },
  },
  parallel_tool_calls: false,
  response_format: {
    type: 'json_schema',
    json_schema: { name: 'answer', schema: { type: 'object' }, strict: true },
  },
  reasoning_effort: 'low',
  logit_bias: { '50256': -100 },
  logprobs: true,
  top_logprobs: 2,
  metadata: { team: 'a' },
  store: false,
  seed: 7,
  n: 1,
  user: 'u-1',
  prediction: { type: 'content', content: 'sunny' },
  max_completion_tokens: 256,
} satisfies ChatCompletionCreateParamsNonStreaming;

/** A competitor that records what it got and answers stream or JSON. */
function startRecordingCompetitor() {
  return startTestServer((_request, response, body) => {
    if ((JSON.parse(body) as { stream?: boolean }).stream) {
      openSse(response);
      response.end(`${chunkFrame({ content: 'ok' })}data: [DONE]\n\n`);
    } else
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify(completionBody('ok')));
  });
}

describe.each(TEST_IO)('createGateway: OpenAI request forwarding (%s)', io => {
  it('should forward every tool kind and legacy message unchanged (stream and not)', async () => {
    await using competitor = await startRecordingCompetitor();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
    });
    const openai = new OpenAI({
      baseURL: `${gateway.url}/v1`,
      apiKey: 'sk-client',
      maxRetries: 0,
    });
    const answer = await openai.chat.completions.create(params);
    expect(answer.choices[0]?.message.content).toBe('ok');
    let text = '';
    const stream = await openai.chat.completions.create({
      ...params,
      stream: true,
      stream_options: { include_usage: true },
    });
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('ok');
    expect(
      competitor.requests.map(request => JSON.parse(request.body)),
    ).toEqual([
      params,
      { ...params, stream: true, stream_options: { include_usage: true } },
    ]);
  });

  it('should forward them unchanged when it re-encodes the body (competitor_id)', async () => {
    await using competitor = await startRecordingCompetitor();
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'alpha', url: competitor.url }],
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...params, competitor_id: 'alpha' }),
    });
    expect(response.status).toBe(200);
    await response.text();
    expect(
      competitor.requests.map(request => JSON.parse(request.body)),
    ).toEqual([params]);
  });
});
