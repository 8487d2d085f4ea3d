/**
 * The snippets of docs/architecture.md "Janus extensions with standard
 * clients", run with the official `openai` client against the app and a
 * competitor that streams reasoning in pieces, tool events and an artifact.
 */
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from './create-app';
import { readConfig } from './read-config';

const REPORT = 'squares: 1 4 9\n';
const artifact = {
  id: 'artf_report',
  type: 'file',
  mime_type: 'text/plain',
  display_name: 'report.txt',
  size_bytes: Buffer.byteLength(REPORT),
  sha256: createHash('sha256').update(REPORT).digest('hex'),
  created_at: '2026-01-01T00:00:00.000Z',
  ttl_seconds: 3600,
  url: '/artifacts/artf_report',
};
const events = [
  { event: 'tool_start', payload: { name: 'run_command', id: 't1' } },
  { event: 'tool_end', payload: { name: 'run_command', ok: true, id: 't1' } },
  { event: 'artifacts', payload: { items: [artifact] } },
];

/** A competitor: reasoning in two pieces, two tool events, an artifact, an answer. */
async function startCompetitor() {
  const server = createServer(async (request, response) => {
    let text = '';
    for await (const chunk of request) text += chunk;
    if (request.url === '/health') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"status":"ok"}');
      return;
    }
    if (request.url === artifact.url) {
      response.writeHead(200, { 'content-type': 'text/plain' }).end(REPORT);
      return;
    }
    const base = { id: 'c1', created: 1, model: 'alpha' };
    if (!JSON.parse(text).stream) {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              finish_reason: 'stop',
              message: {
                role: 'assistant',
                content: 'Done.',
                reasoning_content: 'Planning. Running.',
                artifacts: [artifact],
                janus_events: events,
              },
            },
          ],
        }),
      );
      return;
    }
    const frame = (delta: object, finish: string | null = null) =>
      `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    response.end(
      [
        frame({ role: 'assistant', reasoning_content: 'Planning. ' }),
        frame({ reasoning_content: 'Running.' }),
        ...events.map(janus => frame({ janus })),
        frame({ content: 'Done.' }),
        frame({}, 'stop'),
        'data: [DONE]\n\n',
      ].join(''),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

/** The Janus fields the `openai` types do not declare. */
type JanusDelta = {
  reasoning_content?: string;
  janus?: { event: string; payload: { items?: { url: string }[] } };
};

describe('Janus extensions with the official openai client', () => {
  let gatewayUrl: string;
  let client: OpenAI;
  let close: () => Promise<void>;
  beforeAll(async () => {
    const competitor = await startCompetitor();
    const { app, gateway } = createApp({
      config: readConfig({ JANUS_COMPETITORS: `alpha=${competitor.url}` }),
      logger: { log: () => {} },
    });
    const server = app.listen(0, '127.0.0.1');
    await new Promise(resolve => server.once('listening', resolve));
    gatewayUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new OpenAI({
      baseURL: `${gatewayUrl}/v1`,
      apiKey: 'unused',
      maxRetries: 0,
    });
    close = async () => {
      await gateway.close();
      server.closeAllConnections();
      await new Promise(resolve => server.close(resolve));
      await competitor.close();
    };
  });
  afterAll(() => close?.());

  it('should give every reasoning piece, event and artifact to a loop over the raw chunks', async () => {
    const { data: stream, response } = await client.chat.completions
      .create({
        model: 'alpha',
        stream: true,
        messages: [{ role: 'user', content: 'Make a report' }],
      })
      .withResponse();
    let reasoning = '';
    let content = '';
    const janusEvents: string[] = [];
    const artifactUrls: string[] = [];
    for await (const chunk of stream) {
      const delta = chunk.choices[0]?.delta as JanusDelta & {
        content?: string | null;
      };
      if (!delta) continue;
      reasoning += delta.reasoning_content ?? '';
      content += delta.content ?? '';
      if (delta.janus) janusEvents.push(delta.janus.event);
      for (const item of delta.janus?.payload.items ?? [])
        artifactUrls.push(item.url);
    }
    expect(reasoning).toBe('Planning. Running.');
    expect(content).toBe('Done.');
    expect(janusEvents).toEqual(['tool_start', 'tool_end', 'artifacts']);
    expect(artifactUrls).toEqual([
      expect.stringMatching(/^\/v1\/artifacts\/artf_[0-9a-f]{32}$/),
    ]);
    // Relative to the gateway; a browser reads these headers through CORS.
    const file = await fetch(`${gatewayUrl}${artifactUrls[0]}`);
    expect(await file.text()).toBe(REPORT);
    expect(file.headers.get('etag')).toBe(`"${artifact.sha256}"`);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('should give the artifacts, reasoning and events of a non-stream answer', async () => {
    const completion = await client.chat.completions.create({
      model: 'alpha',
      messages: [{ role: 'user', content: 'Make a report' }],
    });
    const message = completion.choices[0]!.message as {
      reasoning_content?: string;
      artifacts?: { url: string; display_name: string }[];
      janus_events?: { event: string }[];
    };
    expect(message.reasoning_content).toBe('Planning. Running.');
    expect(message.artifacts?.map(item => item.display_name)).toEqual([
      'report.txt',
    ]);
    expect(message.artifacts?.[0]?.url).toMatch(/^\/v1\/artifacts\/artf_/);
    expect(message.janus_events?.map(event => event.event)).toEqual([
      'tool_start',
      'tool_end',
      'artifacts',
    ]);
  });

  it("should lose reasoning pieces and events in the .stream() helper's final completion", async () => {
    const runner = client.chat.completions.stream({
      model: 'alpha',
      messages: [{ role: 'user', content: 'Make a report' }],
    });
    const final = await runner.finalChatCompletion();
    const message = final.choices[0]!.message as JanusDelta & {
      content: string | null;
    };
    expect(message.content).toBe('Done.');
    // The helper merges only the fields it knows: for the others the last
    // value wins, so only the last reasoning piece and the last event remain.
    expect(message.reasoning_content).toBe('Running.');
    expect(message.janus?.event).toBe('artifacts');
  });
});
