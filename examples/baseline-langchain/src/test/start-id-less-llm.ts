/**
 * Test-only: an OpenAI-compatible LLM on a free 127.0.0.1 port whose tool
 * calls come without an `id`, as some llama.cpp, vLLM and Ollama versions
 * and proxies send them. The base URL's first path segment picks how
 * (`<url>/<style>/v1`, see {@link IdStyle}). Offered tools and no tool
 * result yet, it calls `write_file` twice in one turn (`artifacts/a.txt`
 * and `artifacts/b.txt`; the second call starts before the first one's
 * arguments come); after a tool
 * result it answers {@link ID_LESS_ANSWER}. It streams when asked to and
 * answers one JSON body otherwise. `requests` records each request body.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encodeSseData, SSE_DONE } from '@janus/protocol';

/**
 * How the tool calls carry ids: `ids` on each call's first fragment (as
 * OpenAI does), `none` never (with `index`), `late` only on a call's
 * second fragment, `bare` neither id nor index (streams one fragment per
 * call then, since without an index nothing can join fragments).
 */
export type IdStyle = 'ids' | 'none' | 'late' | 'bare';

/** Its answer once a tool ran. */
export const ID_LESS_ANSWER = 'Done: I wrote a.txt and b.txt.';

const CALLS = [
  { name: 'write_file', path: 'artifacts/a.txt', content: 'alpha' },
  { name: 'write_file', path: 'artifacts/b.txt', content: 'beta' },
];

/** Starts the LLM; `url(style)` is an OpenAI base URL (ends with `/v1`). */
export async function startIdLessLlm() {
  const requests: Array<Record<string, unknown>> = [];
  const envelope = (object: string) => ({
    id: 'chatcmpl-idless',
    object,
    created: 0,
    model: 'idless',
  });
  const frame = (delta: object, finish: string | null = null) =>
    encodeSseData({
      ...envelope('chat.completion.chunk'),
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  /** The tool-call fragments of one turn, in the order they are streamed. */
  const fragments = (style: IdStyle) => {
    const args = CALLS.map(call =>
      JSON.stringify({ path: call.path, content: call.content }),
    );
    if (style === 'bare')
      return CALLS.map((call, index) => ({
        type: 'function',
        function: { name: call.name, arguments: args[index] },
      }));
    const id = (index: number) => `call_upstream_${index}`;
    return [
      ...CALLS.map((call, index) => ({
        index,
        ...(style === 'ids' ? { id: id(index) } : {}),
        type: 'function',
        function: { name: call.name, arguments: '' },
      })),
      ...CALLS.flatMap((_, index) =>
        [args[index]?.slice(0, 8), args[index]?.slice(8)].map((part, at) => ({
          index,
          ...(style === 'late' && at === 0 ? { id: id(index) } : {}),
          function: { arguments: part },
        })),
      ),
    ];
  };
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const data of request) text += data;
    const body = JSON.parse(text || '{}') as {
      stream?: boolean;
      tools?: unknown[];
      messages?: Array<{ role: string }>;
    };
    requests.push(body);
    const style = (request.url?.split('/')[1] ?? 'none') as IdStyle;
    const calling =
      body.tools !== undefined &&
      !body.messages?.some(message => message.role === 'tool');
    if (body.stream !== true) {
      // Non-stream: the calls whole, without their ids unless `ids`.
      const toolCalls = CALLS.map((call, index) => ({
        ...(style === 'ids' ? { id: `call_upstream_${index}` } : {}),
        type: 'function',
        function: {
          name: call.name,
          arguments: JSON.stringify({ path: call.path, content: call.content }),
        },
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...envelope('chat.completion'),
          choices: [
            {
              index: 0,
              message: calling
                ? { role: 'assistant', content: null, tool_calls: toolCalls }
                : { role: 'assistant', content: ID_LESS_ANSWER },
              finish_reason: calling ? 'tool_calls' : 'stop',
            },
          ],
          usage: { prompt_tokens: 5, completion_tokens: 5, total_tokens: 10 },
        }),
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.write(frame({ role: 'assistant', content: '' }));
    if (calling) {
      for (const fragment of fragments(style))
        response.write(frame({ tool_calls: [fragment] }));
      response.write(frame({}, 'tool_calls'));
    } else {
      response.write(frame({ content: ID_LESS_ANSWER }));
      response.write(frame({}, 'stop'));
    }
    response.end(SSE_DONE);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (style: IdStyle) => `http://127.0.0.1:${port}/${style}/v1`,
    requests,
    close: () =>
      new Promise<void>(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
