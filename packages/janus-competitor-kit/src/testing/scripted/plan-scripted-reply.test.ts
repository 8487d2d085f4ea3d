import { crc32, deflateSync } from 'node:zlib';
import type { ChatCompletionRequest } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { planScriptedReply } from './plan-scripted-reply';
import { countWords } from './read-prompt';

const agentTools = ['run_command', 'write_file', 'read_file', 'finish'].map(
  name => ({ type: 'function' as const, function: { name } }),
);

function ask(
  content: ChatCompletionRequest['messages'][number]['content'],
  extra: Partial<ChatCompletionRequest> = {},
): ChatCompletionRequest {
  return {
    model: 'janus-scripted',
    messages: [
      { role: 'user', content } as ChatCompletionRequest['messages'][number],
    ],
    ...extra,
  };
}

function answerOf(request: ChatCompletionRequest) {
  const reply = planScriptedReply(request);
  if (reply.kind !== 'answer') throw new Error('expected an answer');
  return reply;
}

/** Encodes an RGB PNG (filter 0) filled with one colour, plus a stripe. */
function solidPng(width: number, height: number, rgb: number[]): string {
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...(x === 0 ? [0, 0, 0] : rgb));
  }
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

describe('planScriptedReply', () => {
  it.each([
    ['What is the capital of France?', 'Paris'],
    ['Was ist die Hauptstadt von Deutschland?', 'Berlin'],
    ['Why is the sky blue?', 'Rayleigh scattering'],
    ['Which is the largest planet?', 'Jupiter'],
    ['What is the chemical formula for water?', 'H2O'],
    ['What is 12 * 7?', '= 84'],
    ['compute (3 + 4) * 2', '= 14'],
    ['12+7', '= 19'],
    ['Berechne 7 / 2', '= 3.5'],
    ['Hello there', 'Janus scripted model'],
    ['Hallo!', 'Janus scripted model'],
    ['Hi, what is the capital of France?', 'Paris'],
  ])('should answer %j from the knowledge table', (prompt, expected) => {
    expect(answerOf(ask(prompt)).content).toContain(expected);
  });

  it('should echo the prompt by default and say it is scripted', () => {
    const reply = answerOf(ask('Tell me about the history of tea'));
    expect(reply.content).toBe(
      'You said: "Tell me about the history of tea". This is the Janus scripted model, a deterministic offline stand-in for an LLM.',
    );
    expect(answerOf(ask('x'.repeat(300))).content).toContain(
      `"${'x'.repeat(200)}"`,
    );
  });

  it('should fail before any byte on [[fail]] and midway on [[error]]', () => {
    const fail = planScriptedReply(ask('please [[fail]]'));
    expect(fail.kind === 'fail' && fail.error.code).toBe('internal_error');
    const error = answerOf(ask('please [[error]]'));
    expect(error.failAfterPieces?.error.code).toBe('upstream_error');
  });

  it('should produce exactly N words with code blocks and tables on [[long N]]', () => {
    for (const n of [1, 7, 499, 1234]) {
      const content = answerOf(ask(`[[long ${n}]]`)).content ?? '';
      expect(countWords(content)).toBe(n);
    }
    const long = answerOf(ask('[[long 1200]]')).content ?? '';
    expect(long).toContain('```python');
    expect(long).toContain('| metric | value |');
    expect(long.split('```').length % 2).toBe(1);
  });

  it('should drive the agent loop: write, run, save, finish', () => {
    const messages: ChatCompletionRequest['messages'] = [
      { role: 'user', content: 'Write a Python script that prints squares' },
    ];
    const steps = [0, 1, 2, 3].map(k => {
      const request = {
        model: 'm',
        tools: agentTools,
        messages: [
          ...messages,
          ...Array.from({ length: k }, (_, index) => ({
            role: 'tool' as const,
            tool_call_id: `call_${index}`,
            content: `result ${index}`,
          })),
        ],
      };
      return answerOf(request).toolCalls?.[0];
    });
    expect(steps.map(step => step?.name)).toEqual([
      'write_file',
      'run_command',
      'run_command',
      'finish',
    ]);
    expect(steps[0]?.arguments.path).toBe('program.py');
    expect(steps[0]?.arguments.content).toContain('squared is');
    expect(steps[1]?.arguments.command).toBe(
      'mkdir -p artifacts && python3 program.py > artifacts/output.txt && cat artifacts/output.txt',
    );
    expect(steps[2]?.arguments.command).toBe(
      'cp program.py artifacts/program.py && ls -la artifacts',
    );
    expect(steps[3]?.arguments.summary).toContain('artifacts/output.txt');
  });

  it('should answer with content instead of finish when finish is not a tool', () => {
    const reply = answerOf({
      model: 'm',
      tools: agentTools.slice(0, 2),
      messages: [
        { role: 'user', content: 'Erstelle eine Datei' },
        { role: 'tool', tool_call_id: 'a', content: 'ok' },
        { role: 'tool', tool_call_id: 'b', content: 'ok' },
        { role: 'tool', tool_call_id: 'c', content: 'ok' },
      ],
    });
    expect(reply.toolCalls).toBeUndefined();
    expect(reply.content).toContain('program.py');
  });

  it('should run the command in backticks, then quote its first line', () => {
    const first = answerOf(
      ask('Please run `ls -la /workspace`', { tools: agentTools }),
    );
    expect(first.toolCalls?.[0]).toEqual({
      name: 'run_command',
      arguments: { command: 'ls -la /workspace' },
    });
    const fallback = answerOf(
      ask('Führe bitte etwas aus', { tools: agentTools }),
    );
    expect(fallback.toolCalls?.[0]?.arguments.command).toBe(
      'echo "Hello from the Janus sandbox" && uname -s',
    );
    const after = answerOf({
      model: 'm',
      tools: agentTools,
      messages: [
        { role: 'user', content: 'run the tests' },
        {
          role: 'tool',
          tool_call_id: 'a',
          content: 'Hello from the Janus sandbox\nLinux',
        },
      ],
    });
    expect(after.toolCalls?.[0]?.arguments.summary).toContain(
      '"Hello from the Janus sandbox"',
    );
  });

  it('should finish with the knowledge answer when the agent prompt asks for neither', () => {
    const reply = answerOf(
      ask('What is the capital of France?', { tools: agentTools }),
    );
    expect(reply.toolCalls?.[0]?.arguments.summary).toContain('Paris');
  });

  it('should call a named generic tool with arguments from its schema', () => {
    const weather = {
      type: 'function' as const,
      function: {
        name: 'get_weather',
        parameters: {
          type: 'object',
          properties: {
            city: { type: 'string' },
            days: { type: 'integer' },
            metric: { type: 'boolean' },
            unit: { type: 'string', enum: ['celsius', 'fahrenheit'] },
          },
        },
      },
    };
    const reply = answerOf(
      ask('Get weather in Berlin for 3 days', { tools: [weather] }),
    );
    expect(reply.toolCalls).toEqual([
      {
        name: 'get_weather',
        arguments: { city: 'Berlin', days: 3, metric: true, unit: 'celsius' },
      },
    ]);
    const quoted = answerOf(
      ask("what's the get_weather for 'Sankt Gallen'?", { tools: [weather] }),
    );
    expect(quoted.toolCalls?.[0]?.arguments.city).toBe('Sankt Gallen');
    const none = answerOf(
      ask('get weather in Rome', { tools: [weather], tool_choice: 'none' }),
    );
    expect(none.toolCalls).toBeUndefined();
    const result = answerOf({
      model: 'm',
      tools: [weather],
      messages: [
        { role: 'user', content: 'get weather in Rome' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'c1',
              type: 'function',
              function: { name: 'get_weather', arguments: '{}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: '21 degrees and sunny' },
      ],
    });
    expect(result.content).toBe('The tool returned: "21 degrees and sunny"');
  });

  it('should describe images: format, size and dominant PNG colour', () => {
    const reply = answerOf(
      ask([
        { type: 'text', text: 'What is in these images?' },
        {
          type: 'image_url',
          image_url: { url: solidPng(8, 4, [230, 20, 20]) },
        },
        {
          type: 'image_url',
          image_url: { url: solidPng(3, 3, [20, 40, 230]) },
        },
        {
          type: 'image_url',
          image_url: { url: 'https://example.com/cat.jpg' },
        },
      ]),
    );
    expect(reply.content).toBe(
      [
        '1. A PNG image, 8×4 pixels, mostly red.',
        '2. A PNG image, 3×3 pixels, mostly blue.',
        '3. An image at https://example.com/cat.jpg (not fetched).',
      ].join('\n'),
    );
  });

  it('should read GIF and JPEG sizes from their headers', () => {
    const gif = Buffer.from('GIF89a\x0a\x00\x05\x00', 'latin1');
    const jpeg = Buffer.from([
      0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11,
      0x08, 0x00, 0x20, 0x00, 0x40, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]);
    const describe = (mime: string, bytes: Buffer) =>
      answerOf(
        ask([
          {
            type: 'image_url',
            image_url: {
              url: `data:${mime};base64,${bytes.toString('base64')}`,
            },
          },
        ]),
      ).content;
    expect(describe('image/gif', gif)).toBe('A GIF image, 10×5 pixels.');
    expect(describe('image/jpeg', jpeg)).toBe('A JPEG image, 64×32 pixels.');
  });

  it('should describe file parts with name, type, size and first line', () => {
    const data = Buffer.from('name,age\nada,36\n').toString('base64');
    const reply = answerOf(
      ask([
        {
          type: 'file',
          file: {
            filename: 'people.csv',
            file_data: `data:text/csv;base64,${data}`,
          },
        },
      ]),
    );
    expect(reply.content).toBe(
      'A file named "people.csv" (text/csv, 16 bytes) whose first line is "name,age".',
    );
  });
});
