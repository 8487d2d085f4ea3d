import { UpstreamError } from '@janus/protocol';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../logger/logger';
import { serveFetch } from '../node/serve-fetch';
import { createFakeSandy } from '../sandy/__fixtures__/fake-sandy';
import { createSandyClient } from '../sandy/create-sandy-client';
import { createCompetitor } from '../server/create-competitor';
import { collectArtifacts } from './collect-artifacts';
import { runAgent } from './run-agent';
import { runCommand } from './run-command';
import { withSandbox } from './with-sandbox';

const agentEvents = [
  { type: 'status', message: 'Starting builtin agent' },
  {
    type: 'agent-output',
    data: {
      type: 'assistant',
      message: {
        content: [
          { type: 'thinking', thinking: 'Plan: write the file.' },
          { type: 'text', text: 'I will write it.' },
          {
            type: 'tool_use',
            id: 'tu_1',
            name: 'write_file',
            input: { path: 'program.py', content: 'print(1)' },
          },
        ],
      },
    },
  },
  {
    type: 'agent-output',
    data: {
      type: 'user',
      message: {
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'tu_1',
            content: 'wrote 8 bytes',
          },
        ],
      },
    },
  },
  {
    type: 'files-update',
    changes: [{ path: 'program.py', changeType: 'created' }],
  },
  { type: 'output', text: '\u001b[32mgreen log\u001b[0m' },
  {
    type: 'agent-output',
    data: {
      type: 'assistant',
      message: { content: [{ type: 'text', text: 'Hello ' }] },
    },
  },
  {
    type: 'agent-output',
    data: {
      type: 'result',
      result: 'Hello world!',
      usage: { input_tokens: 10, output_tokens: 5 },
      total_cost_usd: 0.01,
    },
  },
  { type: 'complete', success: true, exitCode: 0, duration: 3 },
];

async function setup(
  options: Parameters<typeof createFakeSandy>[0],
  behaviour: { throwOnFailure?: boolean } = {},
) {
  const fake = createFakeSandy({ apiKey: 'k', ...options });
  const sandyServer = await serveFetch({ fetch: fake.fetch });
  const sandy = createSandyClient({ baseURL: sandyServer.url, apiKey: 'k' });
  const competitor = createCompetitor({
    id: 'agent',
    name: 'Agent',
    logger: silentLogger,
    async handle(request, stream, context) {
      const prompt = String(request.messages.at(-1)?.content ?? '');
      await withSandbox(
        { sandy, stream, signal: context.signal },
        async sandbox => {
          await runCommand({ sandbox, stream, command: 'python3 --version' });
          const run = await runAgent({
            sandbox,
            stream,
            agent: 'builtin',
            prompt,
            model: 'janus-scripted',
            apiBaseUrl: 'http://llm.test/v1',
          });
          stream.artifacts(
            await collectArtifacts({ sandbox, store: context.artifacts }),
          );
          // As the baselines do: a failed run ends the answer with an error.
          if (!run.success && behaviour.throwOnFailure)
            throw new UpstreamError({
              message: 'The builtin agent failed in the sandbox',
              code: 'upstream_error',
            });
        },
      );
    },
  });
  const server = await serveFetch({ fetch: competitor.fetch });
  const openai = new OpenAI({
    baseURL: `${server.url}/v1`,
    apiKey: 'k',
    maxRetries: 0,
  });
  return {
    fake,
    server,
    openai,
    close: async () => {
      await server.close();
      await sandyServer.close();
    },
  };
}

describe('Sandy path (withSandbox, runCommand, runAgent, collectArtifacts)', () => {
  it('should stream the run like the original: reasoning, content, tool and sandbox events, artifacts, usage', async () => {
    const env = await setup({
      agentEvents,
      streamingExec: true,
      commands: { 'python3 --version': { stdout: 'Python 3.12.1\n' } },
      initialFiles: {
        '/workspace/artifacts/output.txt': 'squares\n',
        '/workspace/artifacts/chart.png': new Uint8Array([137, 80, 78, 71]),
      },
    });
    try {
      const stream = await env.openai.chat.completions.create({
        model: 'agent',
        messages: [{ role: 'user', content: 'Write a program' }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let content = '';
      let reasoning = '';
      const events: Array<{ event: string; payload: Record<string, unknown> }> =
        [];
      let usage: Record<string, unknown> | undefined;
      for await (const chunk of stream) {
        const delta = chunk.choices[0]?.delta as
          | {
              content?: string;
              reasoning_content?: string;
              janus?: (typeof events)[number];
            }
          | undefined;
        content += delta?.content ?? '';
        reasoning += delta?.reasoning_content ?? '';
        if (delta?.janus) events.push(delta.janus);
        if (chunk.usage)
          usage = chunk.usage as unknown as Record<string, unknown>;
      }
      expect(content).toBe('Hello world!');
      expect(reasoning).toContain('$ python3 --version\nPython 3.12.1\n');
      expect(reasoning).toContain(
        'Plan: write the file.\nI will write it.\nUsing tool: write_file: program.py\n',
      );
      expect(reasoning).toContain('Tool output:\nwrote 8 bytes\n');
      expect(reasoning).toContain('Files changed: program.py (created)\n');
      expect(reasoning).toContain('green log\n');
      expect(reasoning).not.toContain('\u001b');
      expect(reasoning).toContain('Agent completed (success) in 3s\n');
      expect(events.map(event => event.event)).toEqual([
        'sandbox_start',
        'tool_start',
        'tool_end',
        'tool_start',
        'tool_end',
        'artifacts',
        'sandbox_end',
      ]);
      expect(events[3]?.payload).toMatchObject({
        name: 'write_file',
        id: 'tu_1',
        input: { path: 'program.py' },
      });
      expect(events[4]?.payload).toMatchObject({
        name: 'write_file',
        ok: true,
        id: 'tu_1',
      });
      const items = events[5]?.payload.items as Array<{
        display_name: string;
        url: string;
        type: string;
      }>;
      expect(items.map(item => [item.display_name, item.type])).toEqual([
        ['chart.png', 'image'],
        ['output.txt', 'file'],
      ]);
      const download = await fetch(`${env.server.url}${items[1]?.url}`);
      expect(await download.text()).toBe('squares\n');
      expect(usage).toMatchObject({
        prompt_tokens: 10,
        completion_tokens: 5,
        cost_usd: 0.01,
      });
      expect(usage?.sandbox_seconds).toBeGreaterThan(0);
      expect(env.fake.terminated.size).toBe(1);
      expect(env.fake.bodies.get('POST /api/sandboxes')).toEqual({
        ttl_seconds: 600,
      });
    } finally {
      await env.close();
    }
  });

  it('should fall back to plain exec on hosted Sandy and answer non-stream with artifacts', async () => {
    const env = await setup({
      agentEvents: [{ type: 'complete', success: true }],
      initialFiles: { '/workspace/artifacts/a.txt': 'A' },
    });
    try {
      const completion = await env.openai.chat.completions.create({
        model: 'agent',
        messages: [{ role: 'user', content: 'go' }],
      });
      const message = completion.choices[0]
        ?.message as OpenAI.ChatCompletionMessage & {
        reasoning_content?: string;
        artifacts?: unknown[];
      };
      expect(message.content).toBe('Agent completed without output.');
      expect(message.reasoning_content).toContain('ran: python3 --version');
      expect(message.artifacts).toHaveLength(1);
      expect(env.fake.calls).toContain('POST /api/sandboxes/sbx_1/exec');
      expect(env.fake.terminated.has('sbx_1')).toBe(true);
    } finally {
      await env.close();
    }
  });

  it('should report agent errors as reasoning and still terminate the sandbox', async () => {
    const env = await setup({
      agentEvents: [
        { type: 'error', error: 'model unavailable' },
        { type: 'complete', success: false },
      ],
    });
    try {
      const completion = await env.openai.chat.completions.create({
        model: 'agent',
        messages: [{ role: 'user', content: 'go' }],
      });
      const message = completion.choices[0]?.message as {
        reasoning_content?: string;
      };
      expect(message.reasoning_content).toContain('Error: model unavailable');
      expect(message.reasoning_content).toContain('Agent completed (failed)');
      expect(env.fake.terminated.has('sbx_1')).toBe(true);
    } finally {
      await env.close();
    }
  });

  it('should not pass a failed run off as content: the answer ends with sandbox_end and the error alone', async () => {
    const env = await setup(
      {
        agentEvents: [
          { type: 'error', error: 'Unknown agent: bogus' },
          { type: 'complete', success: false },
        ],
      },
      { throwOnFailure: true },
    );
    try {
      const response = await fetch(`${env.server.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'agent',
          stream: true,
          messages: [{ role: 'user', content: 'go' }],
        }),
      });
      const frames = (await response.text())
        .split('\n\n')
        .filter(frame => frame.startsWith('data: {'))
        .map(frame => JSON.parse(frame.slice('data: '.length)));
      const content = frames
        .map(frame => frame.choices?.[0]?.delta?.content ?? '')
        .join('');
      expect(content).toBe('');
      const tail = frames
        .flatMap(frame =>
          frame.error
            ? ['error']
            : frame.choices?.[0]?.delta?.janus
              ? [frame.choices[0].delta.janus.event]
              : [],
        )
        .slice(-2);
      expect(tail).toEqual(['sandbox_end', 'error']);
      expect(frames.at(-1)?.error.message).toBe(
        'The builtin agent failed in the sandbox',
      );
    } finally {
      await env.close();
    }
  });

  it('should answer a failed run with no content and success false from runAgent', async () => {
    const fake = createFakeSandy({
      agentEvents: [
        { type: 'agent-output', data: { type: 'result', is_error: true } },
        { type: 'complete', success: false },
      ],
    });
    const server = await serveFetch({ fetch: fake.fetch });
    try {
      const sandy = createSandyClient({ baseURL: server.url });
      const contents: string[] = [];
      const stream = {
        content: (text: string) => contents.push(text),
        reasoning: () => {},
        event: () => {},
        usage: () => {},
        ready: async () => {},
        signal: new AbortController().signal,
      } as unknown as Parameters<typeof withSandbox>[0]['stream'];
      const run = await withSandbox({ sandy, stream }, sandbox =>
        runAgent({ sandbox, stream, agent: 'bogus', prompt: 'go' }),
      );
      expect(run).toEqual({ content: '', success: false });
      expect(contents).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('should cancel the agent and terminate the sandbox at once when the client disconnects', async () => {
    const env = await setup({
      agentEvents: [
        { type: 'status', message: 'working' },
        60_000,
        { type: 'complete', success: true },
      ],
    });
    try {
      const controller = new AbortController();
      const stream = await env.openai.chat.completions.create(
        {
          model: 'agent',
          messages: [{ role: 'user', content: 'long task' }],
          stream: true,
        },
        { signal: controller.signal },
      );
      await (async () => {
        for await (const chunk of stream) {
          const delta = chunk.choices[0]?.delta as {
            reasoning_content?: string;
          };
          if (delta.reasoning_content?.includes('working')) controller.abort();
        }
      })().catch(() => {});
      await expect
        .poll(() => env.fake.terminated.has('sbx_1'), { timeout: 5000 })
        .toBe(true);
      await expect
        .poll(
          () =>
            env.fake.calls.includes('POST /api/sandboxes/sbx_1/agent/cancel'),
          { timeout: 5000 },
        )
        .toBe(true);
    } finally {
      await env.close();
    }
  });

  it('should terminate when the work throws, and rethrow', async () => {
    const fake = createFakeSandy();
    const server = await serveFetch({ fetch: fake.fetch });
    try {
      const sandy = createSandyClient({ baseURL: server.url });
      const events: string[] = [];
      const stream = {
        event: (name: string) => events.push(name),
        usage: () => {},
        signal: new AbortController().signal,
      } as unknown as Parameters<typeof withSandbox>[0]['stream'];
      await expect(
        withSandbox({ sandy, stream }, async () => {
          throw new Error('work failed');
        }),
      ).rejects.toThrow('work failed');
      expect(fake.terminated.has('sbx_1')).toBe(true);
      expect(events).toEqual(['sandbox_start', 'sandbox_end']);
    } finally {
      await server.close();
    }
  });
});
