import type { ChatCompletionRequest } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { createLlmClient } from '../llm/create-llm-client';
import { createScriptedModelHandler } from '../testing/create-scripted-model-handler';
import { classifyRequest } from './classify-request';

const ask = (
  content: string,
  extra: Partial<ChatCompletionRequest> = {},
): ChatCompletionRequest => ({
  model: 'm',
  messages: [{ role: 'user', content }],
  ...extra,
});

// [prompt, expected path, expected reason]; English and German.
const table: Array<[string, 'fast' | 'agent', string]> = [
  ['Hello!', 'fast', 'greeting'],
  ['hi there', 'fast', 'greeting'],
  ['Thanks', 'fast', 'greeting'],
  ['Hallo', 'fast', 'greeting'],
  ['Guten Morgen!', 'fast', 'greeting'],
  ['Danke schön', 'fast', 'greeting'],
  ['What is the capital of France?', 'fast', 'simple_factual_query'],
  ['Why is the sky blue?', 'fast', 'simple_factual_query'],
  ['Who was Ada Lovelace?', 'fast', 'simple_factual_query'],
  ['Explain how photosynthesis works', 'fast', 'simple_factual_query'],
  ['What does ephemeral mean?', 'fast', 'simple_factual_query'],
  ['What is 12 * 7?', 'fast', 'simple_factual_query'],
  ['Tell me about Jupiter', 'fast', 'simple_factual_query'],
  ['Can you explain recursion?', 'fast', 'simple_factual_query'],
  ['Was ist die Hauptstadt von Deutschland?', 'fast', 'simple_factual_query'],
  ['Warum ist der Himmel blau?', 'fast', 'simple_factual_query'],
  ['Wer war Goethe?', 'fast', 'simple_factual_query'],
  ['Erkläre wie ein Regenbogen entsteht', 'fast', 'simple_factual_query'],
  ['Write a haiku about autumn', 'fast', 'default'],
  ['Give me three names for a cat', 'fast', 'default'],
  ['Translate "good night" into French', 'fast', 'default'],
  ['Summarise the plot of Hamlet in two sentences', 'fast', 'default'],
  ['Schreibe ein Gedicht über den Frühling', 'fast', 'default'],
  ['Nenne drei deutsche Flüsse', 'fast', 'default'],
  ['Übersetze "Guten Appetit" ins Englische', 'fast', 'default'],
  [
    'Write a Python script that prints the first 10 squares',
    'agent',
    'agent_intent',
  ],
  ['Create a file called notes.txt with my todo list', 'agent', 'agent_intent'],
  ['Build a small website for my bakery', 'agent', 'agent_intent'],
  ['Run the tests and tell me what fails', 'agent', 'agent_intent'],
  ['Execute this command: ls -la', 'agent', 'agent_intent'],
  ['run this: ls -la', 'agent', 'agent_intent'],
  ['Run `ls -la`', 'agent', 'agent_intent'],
  ['Please run `sleep 20 && echo hi` in a sandbox', 'agent', 'agent_intent'],
  ['Can you execute `du -sh /tmp` for me?', 'agent', 'agent_intent'],
  ['How do I run `ls -la` on a Mac?', 'fast', 'simple_factual_query'],
  ['What does `ls -la` print?', 'fast', 'simple_factual_query'],
  ['Please debug my Flask app', 'agent', 'agent_intent'],
  [
    'git clone https://github.com/acme/tool and count the files',
    'agent',
    'agent_intent',
  ],
  ['Search the web for Janus benchmarks', 'agent', 'agent_intent'],
  ['What is the latest news about AI?', 'agent', 'agent_intent'],
  ['Download the dataset and compute the mean', 'agent', 'agent_intent'],
  ['Generate an image of a red fox', 'agent', 'agent_intent'],
  ['Make a video of a bouncing ball', 'agent', 'agent_intent'],
  ['Plot sin(x) from 0 to 10', 'agent', 'agent_intent'],
  ['Export the table as a CSV file', 'agent', 'agent_intent'],
  ['Take a screenshot of example.com', 'agent', 'agent_intent'],
  [
    'Schreibe ein Python-Programm, das Primzahlen ausgibt',
    'agent',
    'agent_intent',
  ],
  ['Erstelle eine Datei mit meiner Einkaufsliste', 'agent', 'agent_intent'],
  ['Führe das Skript bitte aus', 'agent', 'agent_intent'],
  ['Lade die Datei herunter und zähle die Zeilen', 'agent', 'agent_intent'],
  ['Recherchiere die neuesten Studien zu Schlaf', 'agent', 'agent_intent'],
  ['Generiere ein Bild von einem Leuchtturm', 'agent', 'agent_intent'],
  ['Was sind die aktuellen Nachrichten aus Berlin?', 'agent', 'agent_intent'],
  [
    'Öffne die Webseite example.org und prüfe den Titel',
    'agent',
    'agent_intent',
  ],
  ['Speichere das Ergebnis als PDF', 'agent', 'agent_intent'],
  [
    'Check https://example.com and tell me if the login form works',
    'agent',
    'url_interaction',
  ],
  [
    'Here is my code:\n```py\nprint(1/0)\n```\nPlease fix it',
    'agent',
    'code_context',
  ],
  ['What is https://example.com?', 'fast', 'simple_factual_query'],
  ['```js\nconst a = 1;\n```\nWhat does this line declare?', 'fast', 'default'],
];

describe('classifyRequest', () => {
  it('should have a table of at least 50 labelled prompts', () => {
    expect(table.length).toBeGreaterThanOrEqual(50);
  });

  it.each(table)('should route %j to %s (%s)', async (prompt, path, reason) => {
    expect(await classifyRequest(ask(prompt))).toEqual({ path, reason });
  });

  it('should let metadata.routing_decision win, in both vocabularies', async () => {
    const pinned = async (value: string, prompt = 'Write a Python script') =>
      (
        await classifyRequest(
          ask(prompt, { metadata: { routing_decision: value } }),
        )
      ).path;
    expect(await pinned('fast')).toBe('fast');
    expect(await pinned('fast_qwen')).toBe('fast');
    expect(await pinned('agent', 'hello')).toBe('agent');
    expect(await pinned('agent_kimi', 'hello')).toBe('agent');
    expect(await pinned('nonsense', 'hello')).toBe('fast');
  });

  it('should send requests with client function tools to the fast path, whatever the prompt', async () => {
    const saveNote = {
      type: 'function' as const,
      function: {
        name: 'save_note',
        parameters: {
          type: 'object',
          properties: { text: { type: 'string' } },
        },
      },
    };
    const task =
      'Write a python script that prints hi and save it with save_note';
    const withTools = (extra: Partial<ChatCompletionRequest>) =>
      classifyRequest(ask(task, { tools: [saveNote], ...extra }));
    expect(await classifyRequest(ask(task))).toEqual({
      path: 'agent',
      reason: 'agent_intent',
    });
    for (const toolChoice of [
      'required',
      'auto',
      { type: 'function', function: { name: 'save_note' } },
      undefined,
    ] as const)
      expect(
        await withTools(
          toolChoice === undefined ? {} : { tool_choice: toolChoice },
        ),
      ).toEqual({ path: 'fast', reason: 'client_tools' });
    expect(
      await classifyRequest({
        ...ask('hello', { tools: [saveNote] }),
        generation_flags: { generate_image: true },
      } as ChatCompletionRequest),
    ).toEqual({ path: 'fast', reason: 'client_tools' });
    // The client ruled tools out, or sent none: the usual signals decide.
    expect(await withTools({ tool_choice: 'none' })).toEqual({
      path: 'agent',
      reason: 'agent_intent',
    });
    expect(await withTools({ tools: [] })).toEqual({
      path: 'agent',
      reason: 'agent_intent',
    });
    // A pinned decision still wins.
    expect(
      await withTools({
        tool_choice: 'required',
        metadata: { routing_decision: 'agent' },
      }),
    ).toEqual({ path: 'agent', reason: 'routing_metadata' });
  });

  it('should let explicit intent (generation flags) beat a greeting', async () => {
    const request = {
      ...ask('hello'),
      generation_flags: { generate_image: true },
    };
    expect(await classifyRequest(request)).toEqual({
      path: 'agent',
      reason: 'generation_flags',
    });
  });

  it('should route images and files by what is asked of them', async () => {
    const image = {
      type: 'image_url' as const,
      image_url: { url: 'https://x.test/cat.png' },
    };
    const withImage = (text: string): ChatCompletionRequest => ({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text }, image] }],
    });
    expect(
      (await classifyRequest(withImage("What's in this image?"))).path,
    ).toBe('fast');
    expect(
      await classifyRequest(withImage('Find similar photos online')),
    ).toMatchObject({ path: 'agent' });
    expect(await classifyRequest(withImage('Crop it to a square'))).toEqual({
      path: 'agent',
      reason: 'image_with_tools',
    });
    const file = {
      type: 'file' as const,
      file: { filename: 'data.csv', file_data: 'YSxiCjEsMgo=' },
    };
    const withFile = (text: string): ChatCompletionRequest => ({
      model: 'm',
      messages: [{ role: 'user', content: [{ type: 'text', text }, file] }],
    });
    expect(await classifyRequest(withFile('Analyze this data'))).toEqual({
      path: 'agent',
      reason: 'file_with_tools',
    });
    expect(
      (await classifyRequest(withFile('What is the first column called?')))
        .path,
    ).toBe('fast');
  });

  it('should send long prompts to the agent and handle missing user messages', async () => {
    expect(await classifyRequest(ask('word '.repeat(200)))).toEqual({
      path: 'agent',
      reason: 'long_prompt',
    });
    expect(
      await classifyRequest({
        model: 'm',
        messages: [{ role: 'system', content: 'be nice' }],
      }),
    ).toEqual({ path: 'fast', reason: 'no_user_message' });
  });

  it('should ask the LLM classifier only when no cheap signal decides, with a timeout', async () => {
    const scripted = createScriptedModelHandler();
    const calls: string[] = [];
    const llm = createLlmClient({
      baseURL: 'http://scripted.test/v1',
      model: 'janus-scripted',
      retry: 0,
      fetch: async (input, init) => {
        calls.push(String(input));
        return scripted.fetch(new Request(input, init));
      },
    });
    // The scripted model echoes, so its answer contains neither word.
    expect(
      await classifyRequest(ask('Give me three names for a cat'), { llm }),
    ).toEqual({
      path: 'fast',
      reason: 'llm_classifier_unclear',
    });
    expect(calls).toHaveLength(1);
    await classifyRequest(ask('hello'), { llm });
    expect(calls).toHaveLength(1);
    const hanging = createLlmClient({
      baseURL: 'http://hang.test/v1',
      model: 'm',
      retry: 0,
      // ky puts the signal on the Request it passes as `input`.
      fetch: input =>
        new Promise((_resolve, reject) => {
          const signal = (input as Request).signal;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
    });
    expect(
      await classifyRequest(ask('Give me three names for a cat'), {
        llm: hanging,
        llmTimeoutMs: 50,
      }),
    ).toEqual({
      path: 'fast',
      reason: 'llm_classifier_failed',
    });
  });
});
