import { createHash } from 'node:crypto';
import { runConformance } from '@janus/bench';
import { type Artifact, parseChatCompletionStream } from '@janus/protocol';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SANDBOX_UNAVAILABLE_MESSAGE } from './create-baseline-langchain';
import { startTestStack, type TestStack } from './test/start-test-stack';

const AGENT_PROMPT =
  'Write a small Python program that prints the first 10 square numbers and save its output to a file';

/** Streams one prompt and collects what the client sees. */
async function ask(target: string, prompt: string) {
  const response = await fetch(`${target}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: 'baseline-langchain',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
      stream_options: { include_usage: true },
    }),
  });
  const seen = {
    status: response.status,
    content: '',
    reasoning: '',
    events: [] as string[],
    artifacts: [] as Artifact[],
    usage: undefined as unknown,
  };
  for await (const part of parseChatCompletionStream(response)) {
    if (part.type === 'error') throw part.error;
    if (part.type !== 'data') continue;
    if (part.value.usage) seen.usage = part.value.usage;
    for (const { delta } of part.value.choices) {
      seen.content += delta.content ?? '';
      seen.reasoning += delta.reasoning_content ?? '';
      if (delta.janus) seen.events.push(delta.janus.event);
      if (delta.janus?.event === 'artifacts')
        seen.artifacts.push(...delta.janus.payload.items);
    }
  }
  return seen;
}

describe('createBaselineLangChain with a real Sandy', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ sandy: 'real' });
  });
  afterAll(() => stack?.close());

  it('should pass conformance directly', async () => {
    const report = await runConformance({
      target: stack.competitorUrl,
      timeoutMs: 30_000,
    });
    expect(report.results.filter(r => r.status !== 'pass')).toEqual([]);
  });

  it('should pass conformance through the gateway', async () => {
    const report = await runConformance({
      target: stack.gatewayUrl,
      timeoutMs: 30_000,
    });
    expect(report.results.filter(r => r.status !== 'pass')).toEqual([]);
  });

  it('should turn the agent prompt into a real file that the gateway serves', async () => {
    const seen = await ask(stack.gatewayUrl, AGENT_PROMPT);
    expect(seen.events[0]).toBe('sandbox_start');
    expect(seen.events.at(-1)).toBe('sandbox_end');
    expect(seen.events).toEqual(
      expect.arrayContaining(['tool_start', 'tool_end', 'artifacts']),
    );
    expect(seen.reasoning).toMatch(/write_file/);
    expect(seen.content).toMatch(/program\.py/);
    expect(seen.usage).toMatchObject({
      sandbox_seconds: expect.any(Number),
      cost_usd: expect.any(Number),
    });
    const output = seen.artifacts.find(a => a.display_name === 'output.txt');
    expect(output?.url).toMatch(/^\/v1\/artifacts\/artf_/);
    const response = await fetch(`${stack.gatewayUrl}${output!.url}`);
    expect(response.status).toBe(200);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(
      output!.sha256,
    );
    expect(bytes.toString('utf8')).toMatch(/10 squared is 100/);
    // The LangChain agent bound its tools: the upstream saw them on every step.
    const toolNames = (
      stack.model.requests as Array<{
        tools?: Array<{ function: { name: string } }>;
      }>
    )
      .flatMap(request => request.tools ?? [])
      .map(tool => tool.function.name);
    expect(new Set(toolNames)).toEqual(
      new Set(['run_command', 'write_file', 'read_file']),
    );
  });

  it('should answer the official openai client through the gateway', async () => {
    const openai = new OpenAI({
      baseURL: `${stack.gatewayUrl}/v1`,
      apiKey: 'unused',
    });
    const completion = await openai.chat.completions.create({
      model: 'baseline-langchain',
      messages: [{ role: 'user', content: AGENT_PROMPT }],
    });
    const message = completion.choices[0]!.message as {
      content: string | null;
      reasoning_content?: string;
      artifacts?: Artifact[];
    };
    expect(message.content).toMatch(/program\.py/);
    expect(message.reasoning_content).toMatch(/write_file/);
    expect(message.artifacts?.map(a => a.display_name)).toEqual([
      'output.txt',
      'program.py',
    ]);
    expect(completion.usage).toMatchObject({
      sandbox_seconds: expect.any(Number),
    });
    const stream = await openai.chat.completions.create({
      model: 'baseline-langchain',
      messages: [{ role: 'user', content: 'What is the capital of France?' }],
      stream: true,
    });
    let text = '';
    for await (const chunk of stream)
      text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toMatch(/Paris/);
  });

  // 'role': the client hangs up while the sandbox is still being created.
  it.each(['role', 'sandbox_start'])(
    'should terminate the sandbox when the client disconnects after %s',
    async trigger => {
      const controller = new AbortController();
      const response = await fetch(
        `${stack.competitorUrl}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            model: 'baseline-langchain',
            messages: [{ role: 'user', content: AGENT_PROMPT }],
            stream: true,
          }),
          signal: controller.signal,
        },
      );
      for await (const part of parseChatCompletionStream(response)) {
        if (part.type !== 'data') continue;
        const delta = part.value.choices[0]?.delta;
        if (trigger === 'role' ? delta?.role : delta?.janus?.event === trigger)
          break;
      }
      controller.abort();
      // Give a leaked sandbox time to appear before checking that none is left.
      await new Promise(resolve => setTimeout(resolve, 500));
      await expect
        .poll(async () => (await stack.sandy!.manager.stats()).active, {
          timeout: 10_000,
        })
        .toBe(0);
    },
  );
});

describe('createBaselineLangChain agent outcomes', () => {
  let stack: TestStack;
  afterAll(() => stack?.close());

  it('should answer a task that writes no files without artifacts or error', async () => {
    stack = await startTestStack({ sandy: 'real' });
    const seen = await ask(
      stack.competitorUrl,
      'Run the shell command `echo hello from janus` and show me the output',
    );
    expect(seen.events[0]).toBe('sandbox_start');
    expect(seen.events).not.toContain('artifacts');
    expect(seen.reasoning).toMatch(/hello from janus/);
    expect(seen.content).toMatch(/ran the command/);
  });

  it('should end with the LLM error (message kept) when the LLM fails mid-stream', async () => {
    // The scripted model streams a few pieces, then an error event ([[error]]).
    await expect(
      ask(stack.competitorUrl, 'Hello [[error]]'),
    ).rejects.toMatchObject({
      code: 'upstream_error',
      message: expect.stringMatching(/^The LLM failed: /),
    });
  });
});

describe('createBaselineLangChain with a Sandy that refuses sandboxes', () => {
  let stack: TestStack;
  afterAll(() => stack?.close());

  it('should answer with the unavailable message and report degraded health', async () => {
    stack = await startTestStack({ sandy: 'real', maxSandboxes: 1 });
    await stack.sandy!.manager.create({ ttl_seconds: 60 });
    const seen = await ask(stack.competitorUrl, AGENT_PROMPT);
    expect(seen.status).toBe(200);
    expect(seen.content).toBe(SANDBOX_UNAVAILABLE_MESSAGE);
    expect(seen.events).toEqual([]);
    const health = await (await fetch(`${stack.competitorUrl}/health`)).json();
    expect(health).toMatchObject({
      status: 'degraded',
      sandbox_available: false,
      sandbox_error: expect.stringMatching(
        /^sandbox creation failed: .*capacity/,
      ),
    });
  });
});

describe('createBaselineLangChain without Sandy', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startTestStack({ sandy: 'unreachable' });
  });
  afterAll(() => stack?.close());

  it('should report a degraded health with sandbox_available false', async () => {
    const health = await (await fetch(`${stack.competitorUrl}/health`)).json();
    expect(health).toMatchObject({
      status: 'degraded',
      sandbox_available: false,
      llm: { mode: 'scripted' },
    });
  });

  it('should answer an agent prompt with a clear message, not an error', async () => {
    const seen = await ask(stack.competitorUrl, AGENT_PROMPT);
    expect(seen.status).toBe(200);
    expect(seen.content).toBe(SANDBOX_UNAVAILABLE_MESSAGE);
    expect(seen.events).toEqual([]);
  });

  it('should still answer simple prompts on the fast path', async () => {
    const seen = await ask(stack.gatewayUrl, 'What is the capital of France?');
    expect(seen.content).toMatch(/Paris/);
  });

  it('should pass conformance with the Sandy checks skipped', async () => {
    const report = await runConformance({
      target: stack.competitorUrl,
      timeoutMs: 30_000,
    });
    expect(report.results.filter(r => r.status === 'fail')).toEqual([]);
    expect(
      report.results.filter(r => r.status === 'skip').map(r => r.id),
    ).toEqual(['agent-stream', 'janus-events', 'artifacts']);
  });
});
