import {
  AIMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';
import { toLangChainMessages } from './to-langchain-messages';

describe('toLangChainMessages', () => {
  it('should map every role, tool calls and tool results', () => {
    const messages = toLangChainMessages([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Run ls' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'run_command', arguments: '{"command":"ls"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'program.py' },
    ] as never);
    expect(messages.map(message => message.constructor)).toEqual([
      SystemMessage,
      HumanMessage,
      AIMessage,
      ToolMessage,
    ]);
    expect((messages[2] as AIMessage).tool_calls).toEqual([
      {
        id: 'call_1',
        name: 'run_command',
        args: { command: 'ls' },
        type: 'tool_call',
      },
    ]);
    expect((messages[3] as ToolMessage).tool_call_id).toBe('call_1');
  });

  it('should keep text, image, audio and OpenAI file parts and name other files', () => {
    const parts = [
      { type: 'text', text: 'What is this?' },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } },
      { type: 'file', file: { filename: 'notes.txt', file_data: 'aGk=' } },
      { type: 'file', file: { file_id: 'file-1' } },
      { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
    ];
    const [message] = toLangChainMessages([
      {
        role: 'user',
        content: [
          ...parts,
          { type: 'file', file: { name: 'old.txt', content: 'hi' } },
        ],
      },
    ] as never);
    expect(message!.content).toEqual([
      ...parts,
      { type: 'text', text: '[attached old.txt]' },
    ]);
  });

  it('should treat malformed tool-call arguments as empty', () => {
    const [message] = toLangChainMessages([
      {
        role: 'assistant',
        content: 'x',
        tool_calls: [
          {
            id: 'c',
            type: 'function',
            function: { name: 'f', arguments: '{oops' },
          },
        ],
      },
    ] as never);
    expect((message as AIMessage).tool_calls?.[0]?.args).toEqual({});
  });
});
