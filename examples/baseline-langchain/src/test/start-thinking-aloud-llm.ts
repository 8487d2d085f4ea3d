/**
 * Test-only: an OpenAI-compatible LLM on a free 127.0.0.1 port that thinks
 * aloud, as many real models do: offered tools and no tool result yet, it
 * streams some text and then a `write_file` call in the same turn; after a
 * tool result it streams its answer.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What it streams before its tool call (not the answer). */
export const THINKING_ALOUD = 'Let me write the file first, ';
/** Its answer once the tool ran. */
export const FINAL_ANSWER = 'Done: I wrote notes.txt.';

/** Starts the LLM; `url` is an OpenAI base URL (ends with `/v1`). */
export async function startThinkingAloudLlm() {
  const frame = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-aloud',
      object: 'chat.completion.chunk',
      created: 0,
      model: 'aloud',
      choices: [{ index: 0, delta, finish_reason: finish }],
    })}\n\n`;
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const data of request) text += data;
    const body = JSON.parse(text || '{}') as {
      tools?: unknown[];
      messages?: Array<{ role: string }>;
    };
    const toolResult = body.messages?.some(message => message.role === 'tool');
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(frame({ role: 'assistant', content: '' }));
    if (body.tools && !toolResult) {
      response.write(frame({ content: THINKING_ALOUD.slice(0, 10) }));
      response.write(frame({ content: THINKING_ALOUD.slice(10) }));
      const call = { index: 0, id: 'call_aloud', type: 'function' };
      response.write(
        frame({
          tool_calls: [
            { ...call, function: { name: 'write_file', arguments: '' } },
          ],
        }),
      );
      response.write(frame({ content: 'then I will answer.' }));
      response.write(
        frame({
          tool_calls: [
            {
              index: 0,
              function: {
                arguments: '{"path":"artifacts/notes.txt","content":"hi"}',
              },
            },
          ],
        }),
      );
      response.write(frame({}, 'tool_calls'));
    } else {
      response.write(frame({ content: FINAL_ANSWER.slice(0, 6) }));
      response.write(frame({ content: FINAL_ANSWER.slice(6) }));
      response.write(frame({}, 'stop'));
    }
    response.end('data: [DONE]\n\n');
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
