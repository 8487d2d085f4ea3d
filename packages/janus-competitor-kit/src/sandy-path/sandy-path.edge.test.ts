import { describe, expect, it } from 'vitest';
import { serveFetch } from '../node/serve-fetch';
import { createFakeSandy } from '../sandy/__fixtures__/fake-sandy';
import { createSandyClient } from '../sandy/create-sandy-client';
import type { CompletionStream } from '../server/completion-stream';
import { collectArtifacts } from './collect-artifacts';
import { runAgent } from './run-agent';
import { runCommand } from './run-command';
import { withSandbox } from './with-sandbox';

/** A stream writer that records events and usage (no HTTP around it). */
function recordingStream(signal = new AbortController().signal) {
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];
  const usages: Array<Record<string, unknown>> = [];
  const reasoning: string[] = [];
  const stream = {
    event: (name: string, payload: Record<string, unknown>) =>
      events.push({ name, payload }),
    usage: (usage: Record<string, unknown>) => usages.push(usage),
    reasoning: (text: string) => reasoning.push(text),
    content: () => {},
    ready: async () => {},
    signal,
  } as unknown as CompletionStream;
  return { stream, events, usages, reasoning };
}

async function startFake(options: Parameters<typeof createFakeSandy>[0]) {
  const fake = createFakeSandy(options);
  const server = await serveFetch({ fetch: fake.fetch });
  const sandy = createSandyClient({ baseURL: server.url });
  return { fake, sandy, close: () => server.close() };
}

describe('withSandbox', () => {
  it('should terminate a sandbox whose creation was in flight when the request aborted', async () => {
    const env = await startFake({ createDelayMs: 300 });
    try {
      const controller = new AbortController();
      const { stream, events } = recordingStream(controller.signal);
      let worked = false;
      const run = withSandbox(
        { sandy: env.sandy, stream, signal: controller.signal },
        async () => {
          worked = true;
        },
      );
      setTimeout(() => controller.abort(new Error('client went away')), 50);
      await expect(run).rejects.toThrow('client went away');
      expect(worked).toBe(false);
      expect(env.fake.terminated.has('sbx_1')).toBe(true);
      expect(events.map(event => event.name)).toEqual([
        'sandbox_start',
        'sandbox_end',
      ]);
    } finally {
      await env.close();
    }
  });

  it('should not create a sandbox for a request that already aborted', async () => {
    const env = await startFake({});
    try {
      const controller = new AbortController();
      controller.abort(new Error('gone'));
      const { stream } = recordingStream(controller.signal);
      await expect(
        withSandbox({ sandy: env.sandy, stream }, async () => {}),
      ).rejects.toThrow('gone');
      expect(env.fake.calls).not.toContain('POST /api/sandboxes');
    } finally {
      await env.close();
    }
  });
});

describe('collectArtifacts', () => {
  it('should return no artifacts when the directory does not exist', async () => {
    const env = await startFake({});
    try {
      const { stream } = recordingStream();
      const stored: string[] = [];
      const store = {
        put: async ({ name }: { name: string }) => stored.push(name),
      } as unknown as Parameters<typeof collectArtifacts>[0]['store'];
      const artifacts = await withSandbox(
        { sandy: env.sandy, stream },
        sandbox => collectArtifacts({ sandbox, store }),
      );
      expect(artifacts).toEqual([]);
      expect(stored).toEqual([]);
      expect(env.fake.calls).toContain('GET /api/sandboxes/sbx_1/files/list');
    } finally {
      await env.close();
    }
  });
});

describe('runCommand', () => {
  it('should close the tool with tool_end ok:false when the call fails, and rethrow', async () => {
    const env = await startFake({});
    try {
      const { stream, events } = recordingStream();
      await expect(
        withSandbox({ sandy: env.sandy, stream }, async sandbox => {
          await env.sandy.terminate({ sandboxId: sandbox.id });
          await runCommand({ sandbox, stream, command: 'ls' });
        }),
      ).rejects.toThrow(/not found/);
      expect(events.map(event => event.name)).toEqual([
        'sandbox_start',
        'tool_start',
        'tool_end',
        'sandbox_end',
      ]);
      expect(events[2]?.payload).toMatchObject({
        name: 'run_command',
        ok: false,
        output: expect.stringContaining('not found'),
      });
    } finally {
      await env.close();
    }
  });

  it.each([
    ['streaming exec', true],
    ['plain exec', false],
  ])(
    'should stream the exit code of a failed command (%s)',
    async (_name, streamingExec) => {
      const env = await startFake({
        streamingExec,
        commands: {
          'ls /nope': { stderr: 'ls: /nope: No such file', exit_code: 2 },
        },
      });
      try {
        const { stream, events, reasoning } = recordingStream();
        const result = await withSandbox(
          { sandy: env.sandy, stream },
          sandbox => runCommand({ sandbox, stream, command: 'ls /nope' }),
        );
        expect(result.exitCode).toBe(2);
        expect(reasoning.join('')).toBe(
          '$ ls /nope\nls: /nope: No such file\nCommand failed with exit code 2.\n',
        );
        expect(
          events.find(event => event.name === 'tool_end')?.payload,
        ).toEqual({
          name: 'run_command',
          ok: false,
          output: 'Command failed with exit code 2.\nls: /nope: No such file',
        });
      } finally {
        await env.close();
      }
    },
  );

  it.each([
    ['streaming exec', true],
    ['plain exec', false],
  ])(
    'should stream "timed out after N ms" for a command killed by its limit (%s)',
    async (_name, streamingExec) => {
      const env = await startFake({
        streamingExec,
        commands: {
          'sleep 20': { exit_code: 124, timed_out: true, duration_ms: 1003 },
        },
      });
      try {
        const { stream, events, reasoning } = recordingStream();
        await withSandbox({ sandy: env.sandy, stream }, sandbox =>
          runCommand({ sandbox, stream, command: 'sleep 20', timeoutMs: 1000 }),
        );
        expect(reasoning.join('')).toBe(
          '$ sleep 20\nCommand timed out after 1000 ms.\n',
        );
        expect(
          events.find(event => event.name === 'tool_end')?.payload,
        ).toEqual({
          name: 'run_command',
          ok: false,
          output: 'Command timed out after 1000 ms.\n',
        });
      } finally {
        await env.close();
      }
    },
  );
});

describe('runAgent', () => {
  /** Runs the agent with `agentEvents` ending in a `result` with 1M/1M tokens; returns the usage calls. */
  async function usageOf(options: {
    result?: Record<string, unknown>;
    model: string;
    prices?: Parameters<typeof runAgent>[0]['prices'];
    /** Send the `result` as a top-level event (hosted Sandy), not in `agent-output`. */
    topLevel?: boolean;
  }) {
    const result = {
      type: 'result',
      result: 'done',
      usage: { input_tokens: 1_000_000, output_tokens: 1_000_000 },
      ...options.result,
    };
    const env = await startFake({
      agentEvents: [
        options.topLevel ? result : { type: 'agent-output', data: result },
        { type: 'complete', success: true },
      ],
    });
    try {
      const { stream, usages } = recordingStream();
      await withSandbox({ sandy: env.sandy, stream }, sandbox =>
        runAgent({
          sandbox,
          stream,
          agent: 'builtin',
          prompt: 'go',
          model: options.model,
          ...(options.prices && { prices: options.prices }),
        }),
      );
      return usages;
    } finally {
      await env.close();
    }
  }

  it('should price token usage the agent reported without a cost', async () => {
    const usages = await usageOf({
      model: 'gpt-4o-mini',
      prices: { custom: { inputPerMillion: 1, outputPerMillion: 1 } },
    });
    expect(usages[0]).toEqual({
      prompt_tokens: 1_000_000,
      completion_tokens: 1_000_000,
      total_tokens: 2_000_000,
      cost_usd: 0.75,
    });
    const custom = await usageOf({
      model: 'custom',
      prices: { custom: { inputPerMillion: 1, outputPerMillion: 2 } },
    });
    expect(custom[0]?.cost_usd).toBe(3);
  });

  it('should keep the agent’s own cost and leave unpriced models without one', async () => {
    const own = await usageOf({
      model: 'gpt-4o-mini',
      result: { total_cost_usd: 2 },
    });
    expect(own[0]?.cost_usd).toBe(2);
    const unpriced = await usageOf({ model: 'unknown-model' });
    expect(unpriced[0]).not.toHaveProperty('cost_usd');
  });

  it('should read usage and cost from a top-level result event like an agent-output one', async () => {
    const priced = await usageOf({
      model: 'gpt-4o-mini',
      topLevel: true,
    });
    expect(priced).toEqual([
      {
        prompt_tokens: 1_000_000,
        completion_tokens: 1_000_000,
        total_tokens: 2_000_000,
        cost_usd: 0.75,
      },
      { sandbox_seconds: expect.any(Number) },
    ]);
    const own = await usageOf({
      model: 'gpt-4o-mini',
      result: { total_cost_usd: 2 },
      topLevel: true,
    });
    expect(own[0]?.cost_usd).toBe(2);
  });
});
