import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  chatBody,
  dataLines,
  startTestGateway,
  TEST_IO,
} from '../../test/test-gateway';
import {
  artifact,
  chunkFrame,
  completionBody,
  openSse,
  startTestServer,
} from '../../test/test-server';

const BYTES = Buffer.from('hello world, these are artifact bytes');
const SHA = createHash('sha256').update(BYTES).digest('hex');

/** A competitor that emits artifacts and serves them (optionally honouring Range, optionally refusing HEAD). */
async function artifactCompetitor(options: {
  honourRange: boolean;
  refuseHead?: boolean;
}) {
  return startTestServer((request, response, body) => {
    if (request.url === '/artifacts/report.txt') {
      if (options.refuseHead && request.method === 'HEAD') {
        response.writeHead(405, { allow: 'GET' }).end();
        return;
      }
      const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
      if (options.honourRange && range) {
        const [start, end] = [Number(range[1]), Number(range[2])];
        response.writeHead(206, {
          'content-type': 'text/plain',
          'content-range': `bytes ${start}-${end}/${BYTES.length}`,
          'content-length': end - start + 1,
        });
        response.end(BYTES.subarray(start, end + 1));
        return;
      }
      response
        .writeHead(200, {
          'content-type': 'text/plain',
          'content-length': BYTES.length,
        })
        .end(BYTES);
      return;
    }
    const items = [
      artifact({
        size_bytes: BYTES.length,
        sha256: SHA,
        display_name: 'rapport é.txt',
      }),
      artifact({
        id: 'artf_evil',
        url: 'http://169.254.169.254/latest/meta-data',
      }),
    ];
    if (JSON.parse(body).stream) {
      openSse(response);
      response.end(
        `${chunkFrame({ janus: { event: 'artifacts', payload: { items } } })}data: [DONE]\n\n`,
      );
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify(
        completionBody('done', {
          artifacts: items,
          // As the competitor kit sends them: the same items twice.
          janus_events: [{ event: 'artifacts', payload: { items } }],
        }),
      ),
    );
  });
}

describe.each(TEST_IO)('createGateway: artifact proxy (%s)', io => {
  it('should rewrite stream artifacts and serve their bytes with headers and Range', async () => {
    await using competitor = await artifactCompetitor({ honourRange: true });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: chatBody({ stream: true }),
    });
    const event = JSON.parse(dataLines(await response.text())[0]!);
    const items = event.choices[0].delta.janus.payload.items;
    expect(items).toHaveLength(1);
    expect(items[0].url).toMatch(/^\/v1\/artifacts\/artf_[0-9a-f]{32}$/);
    expect(
      gateway.logger.entries.some(entry => entry.msg === 'artifact.refused'),
    ).toBe(true);

    const full = await fetch(`${gateway.url}${items[0].url}`);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-type')).toBe('text/plain');
    expect(full.headers.get('content-length')).toBe(String(BYTES.length));
    expect(full.headers.get('etag')).toBe(`"${SHA}"`);
    expect(full.headers.get('content-disposition')).toBe(
      `attachment; filename="rapport _.txt"; filename*=UTF-8''rapport%20%C3%A9.txt`,
    );
    expect(Buffer.from(await full.arrayBuffer())).toEqual(BYTES);

    const partial = await fetch(`${gateway.url}${items[0].url}`, {
      headers: { range: 'bytes=6-10' },
    });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(
      `bytes 6-10/${BYTES.length}`,
    );
    expect(await partial.text()).toBe('world');

    const cached = await fetch(`${gateway.url}${items[0].url}`, {
      headers: { 'if-none-match': `"${SHA}"` },
    });
    expect(cached.status).toBe(304);
    expect((await fetch(`${gateway.url}/v1/artifacts/artf_nope`)).status).toBe(
      404,
    );
  });

  it('should slice ranges itself when the competitor ignores Range, and answer 416', async () => {
    await using competitor = await artifactCompetitor({ honourRange: false });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      body: chatBody(),
    });
    const completion = await response.json();
    const items = completion.choices[0].message.artifacts;
    expect(items).toHaveLength(1);
    // Listed twice, refused (and logged) once.
    expect(
      gateway.logger.entries.filter(entry => entry.msg === 'artifact.refused'),
    ).toHaveLength(1);
    const url = `${gateway.url}${items[0].url}`;
    const partial = await fetch(url, { headers: { range: 'bytes=-5' } });
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe(
      `bytes ${BYTES.length - 5}-${BYTES.length - 1}/${BYTES.length}`,
    );
    expect(await partial.text()).toBe('bytes');
    const outside = await fetch(url, { headers: { range: 'bytes=999-1000' } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(
      `bytes */${BYTES.length}`,
    );
  });

  it.each([
    ['forwarded as HEAD', false, ['HEAD', 'HEAD']],
    [
      'sent as GET when the competitor refuses HEAD',
      true,
      ['HEAD', 'GET', 'HEAD', 'GET'],
    ],
  ] as const)(
    'should answer HEAD on an artifact with its headers and no body (%s)',
    async (_label, refuseHead, seen) => {
      await using competitor = await artifactCompetitor({
        honourRange: true,
        refuseHead,
      });
      await using gateway = await startTestGateway({
        io,
        competitors: [{ id: 'a', url: competitor.url }],
      });
      const completion = await (
        await fetch(`${gateway.url}/v1/chat/completions`, {
          method: 'POST',
          body: chatBody(),
        })
      ).json();
      const url = `${gateway.url}${completion.choices[0].message.artifacts[0].url}`;
      const head = await fetch(url, { method: 'HEAD' });
      expect(head.status).toBe(200);
      expect(head.headers.get('content-length')).toBe(String(BYTES.length));
      expect(head.headers.get('etag')).toBe(`"${SHA}"`);
      expect(head.headers.get('content-type')).toBe('text/plain');
      expect(await head.text()).toBe('');
      const partial = await fetch(url, {
        method: 'HEAD',
        headers: { range: 'bytes=6-10' },
      });
      expect(partial.status).toBe(206);
      expect(partial.headers.get('content-range')).toBe(
        `bytes 6-10/${BYTES.length}`,
      );
      expect(await partial.text()).toBe('');
      expect(
        competitor.requests
          .filter(request => request.url === '/artifacts/report.txt')
          .map(request => request.method),
      ).toEqual(seen);
      // The connection is still good for a GET afterwards.
      expect(await (await fetch(url)).text()).toBe(BYTES.toString());
    },
  );

  it('should resolve a relative artifact URL under a competitor mounted at a path, and cache it no longer than its TTL', async () => {
    await using competitor = await startTestServer((request, response) => {
      if (request.url === '/team/m/files/report.txt') {
        response.writeHead(200, { 'content-type': 'text/plain' }).end(BYTES);
        return;
      }
      if (request.url !== '/team/m/v1/chat/completions') {
        response.writeHead(404).end();
        return;
      }
      openSse(response);
      const items = [artifact({ url: 'files/report.txt', ttl_seconds: 60 })];
      response.end(
        `${chunkFrame({ janus: { event: 'artifacts', payload: { items } } })}data: [DONE]\n\n`,
      );
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: `${competitor.url}/team/m` }],
    });
    const text = await (
      await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        body: chatBody({ stream: true }),
      })
    ).text();
    const url = JSON.parse(dataLines(text)[0]!).choices[0].delta.janus.payload
      .items[0].url;
    const response = await fetch(`${gateway.url}${url}`);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(BYTES);
    const maxAge = Number(
      /max-age=(\d+)/.exec(response.headers.get('cache-control') ?? '')?.[1],
    );
    expect(maxAge).toBeGreaterThan(50);
    expect(maxAge).toBeLessThanOrEqual(60);
  });

  it('should forget artifacts whose TTL expired', async () => {
    await using competitor = await startTestServer((_request, response) => {
      openSse(response);
      const items = [artifact({ ttl_seconds: 0 })];
      response.end(
        `${chunkFrame({ janus: { event: 'artifacts', payload: { items } } })}data: [DONE]\n\n`,
      );
    });
    await using gateway = await startTestGateway({
      io,
      competitors: [{ id: 'a', url: competitor.url }],
    });
    const text = await (
      await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        body: chatBody({ stream: true }),
      })
    ).text();
    const url = JSON.parse(dataLines(text)[0]!).choices[0].delta.janus.payload
      .items[0].url;
    const response = await fetch(`${gateway.url}${url}`);
    expect(response.status).toBe(404);
    expect((await response.json()).error.code).toBe('not_found');
  });
});
