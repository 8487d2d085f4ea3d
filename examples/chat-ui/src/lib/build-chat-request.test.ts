import { chatCompletionRequestSchema } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { createAssistantMessage } from './assistant-reducer';
import { buildChatRequest } from './build-chat-request';

describe('buildChatRequest', () => {
  it('should send attachments as image_url and file parts and skip failed answers', () => {
    const body = buildChatRequest({
      competitorId: 'baseline-agent-cli',
      messages: [
        { id: 'u1', role: 'user', text: 'hi', attachments: [], createdAt: 0 },
        {
          ...createAssistantMessage({
            id: 'a1',
            competitorId: 'c',
            startedAt: 0,
          }),
          status: 'error',
          content: 'half',
        },
        {
          id: 'u2',
          role: 'user',
          text: 'describe',
          createdAt: 0,
          attachments: [
            {
              id: 'i',
              kind: 'image',
              name: 'red.png',
              mimeType: 'image/png',
              size: 3,
              dataUrl: 'data:image/png;base64,AAA',
            },
            {
              id: 'f',
              kind: 'file',
              name: 'notes.txt',
              mimeType: 'text/plain',
              size: 2,
              dataUrl: 'data:text/plain;base64,aGk=',
            },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: 'hi' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'describe' },
          {
            type: 'image_url',
            image_url: { url: 'data:image/png;base64,AAA' },
          },
          {
            type: 'file',
            file: {
              filename: 'notes.txt',
              file_data: 'data:text/plain;base64,aGk=',
            },
          },
        ],
      },
    ]);
    expect(body).toMatchObject({
      model: 'baseline-agent-cli',
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chatCompletionRequestSchema.safeParse(body).success).toBe(true);
  });
});
