import { createSandyClient } from '@janus/competitor-kit';
import {
  createScriptedModel,
  type ScriptedModel,
} from '@janus/competitor-kit/testing';
import type { JanusEvent } from '@janus/protocol';
import {
  createSandyServer,
  createSilentLogger,
  type SandyServer,
} from '@janus/sandy';
import { HumanMessage } from '@langchain/core/messages';
import { ChatOpenAI } from '@langchain/openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLangChainAgent } from './run-langchain-agent';
import {
  FINAL_ANSWER,
  startThinkingAloudLlm,
  THINKING_ALOUD,
} from './test/start-thinking-aloud-llm';

/** A writer that records what the agent streams (the LLM and the sandbox are real). */
function recordingStream() {
  const seen = { content: '', reasoning: '', events: [] as JanusEvent[] };
  const signal = new AbortController().signal;
  const stream = {
    signal,
    content: (text: string) => {
      seen.content += text;
    },
    reasoning: (text: string) => {
      seen.reasoning += text;
    },
    event: (event: string, payload: unknown) => {
      seen.events.push({ event, payload } as JanusEvent);
    },
    toolCall() {},
    toolCallDelta() {},
    artifacts() {},
    usage() {},
    error(error: unknown) {
      throw error;
    },
    finish() {},
    ready: async () => {},
  };
  return { seen, stream };
}

describe('runLangChainAgent', () => {
  let model: ScriptedModel;
  let sandy: SandyServer;
  let sandyUrl: string;
  beforeAll(async () => {
    model = await createScriptedModel();
    sandy = createSandyServer({ logger: createSilentLogger() });
    sandyUrl = (await sandy.listen({ port: 0 })).url;
  });
  afterAll(async () => {
    await sandy?.close();
    await model?.close();
  });

  async function run(maxSteps: number, llm = { url: model.url }) {
    const client = createSandyClient({ baseURL: sandyUrl });
    const { sandboxId } = await client.create({ ttl_seconds: 60 });
    const { seen, stream } = recordingStream();
    const usage = await runLangChainAgent({
      model: new ChatOpenAI({
        model: 'janus-scripted',
        apiKey: 'unused',
        configuration: { baseURL: llm.url },
      }),
      messages: [
        new HumanMessage(
          'Write a small Python program that prints the first 10 square numbers and save its output to a file',
        ),
      ],
      sandbox: {
        id: sandboxId,
        url: null,
        sandy: client,
        signal: stream.signal,
      },
      stream,
      signal: stream.signal,
      maxSteps,
    });
    const files = await client
      .listFiles({ sandboxId, path: '/workspace/artifacts' })
      .catch(() => ({ files: [] }));
    await client.terminate({ sandboxId });
    return { seen, usage, files: files.files };
  }

  it('should loop over tool calls until the model answers', async () => {
    const { seen, usage, files } = await run(12);
    expect(
      seen.events.map(
        e => `${e.event}:${(e.payload as { name: string }).name}`,
      ),
      // On a mismatch, show what the agent said it did.
      seen.reasoning,
    ).toEqual([
      'tool_start:write_file',
      'tool_end:write_file',
      'tool_start:run_command',
      'tool_end:run_command',
      'tool_start:run_command',
      'tool_end:run_command',
    ]);
    // Each call's events carry the model's call id, the same on both, and
    // each call has its own (the timeline pairs them by id).
    const ids = seen.events.map(e => (e.payload as { id?: string }).id);
    expect(ids.every(id => id?.startsWith('call_'))).toBe(true);
    expect(ids.filter((_, index) => index % 2 === 0)).toEqual(
      ids.filter((_, index) => index % 2 === 1),
    );
    expect(new Set(ids).size).toBe(3);
    expect(seen.content).toMatch(/program\.py/);
    expect(files.sort()).toEqual(['output.txt', 'program.py']);
    expect(usage.total_tokens).toBe(
      usage.prompt_tokens + usage.completion_tokens,
    );
    expect(usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('should stream the text of a turn that calls tools as reasoning, not as the answer', async () => {
    const llm = await startThinkingAloudLlm();
    try {
      const { seen, files } = await run(12, llm);
      // The text came before the turn's first tool-call chunk (and after it).
      expect(seen.content).toBe(FINAL_ANSWER);
      expect(seen.reasoning).toContain(
        `${THINKING_ALOUD}then I will answer.\n`,
      );
      expect(seen.events.map(e => e.event)).toEqual(['tool_start', 'tool_end']);
      expect(seen.events.map(e => (e.payload as { id?: string }).id)).toEqual([
        'call_aloud',
        'call_aloud',
      ]);
      expect(files).toEqual(['notes.txt']);
    } finally {
      await llm.close();
    }
  });

  it('should say so when it runs out of steps', async () => {
    const { seen } = await run(1);
    expect(seen.events.map(e => e.event)).toEqual(['tool_start', 'tool_end']);
    expect(seen.content).toBe(
      'I stopped after 1 steps without reaching a final answer.',
    );
  });
});
