import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  execResultSchema,
  execStreamEventSchema,
  fileListResponseSchema,
  fileReadResponseSchema,
  parseJsonEventStream,
  sandboxInfoSchema,
  sandyErrorBodySchema,
} from '@janus/protocol';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createTestRootDirectory,
  findHostProcesses,
} from '../internal/test-manager';
import { createSilentLogger } from '../logger';
import { createSandyServer } from './create-sandy-server';

const apiKey = 'test-key';
const rootDirectory = createTestRootDirectory('http');
const sandy = createSandyServer({
  apiKey,
  rootDirectory,
  logger: createSilentLogger(),
  maxSandboxes: 4,
  maxBodyBytes: 256 * 1024,
});
const base = 'http://sandy.test';
const hostTarget = join(
  mkdtempSync(join(tmpdir(), 'janus-sandy-host-')),
  'target.txt',
);
let sandboxId: string;

const call = (
  method: string,
  path: string,
  options: { body?: unknown; headers?: Record<string, string> } = {},
) =>
  sandy.fetch(
    new Request(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        ...options.headers,
      },
      body:
        options.body === undefined
          ? undefined
          : typeof options.body === 'string'
            ? options.body
            : JSON.stringify(options.body),
    }),
  );
const exec = async (command: string) =>
  execResultSchema.parse(
    await (
      await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
        body: { command },
      })
    ).json(),
  );
const expectError = async (
  response: Response,
  status: number,
  code: string,
) => {
  expect(response.status).toBe(status);
  const body = sandyErrorBodySchema.parse(await response.json());
  expect(body.error.code).toBe(code);
  return body.error.message;
};

beforeAll(async () => {
  writeFileSync(hostTarget, 'host secret\n');
  const response = await call('POST', '/api/sandboxes', {
    body: { ttl_seconds: 120 },
  });
  sandboxId = sandboxInfoSchema.parse(await response.json()).sandboxId;
});

afterAll(async () => {
  await sandy.close();
  rmSync(rootDirectory, { recursive: true, force: true });
  rmSync(join(hostTarget, '..'), { recursive: true, force: true });
});

describe('createSandyServer', { timeout: 60_000 }, () => {
  it('should answer /health without auth and require the Bearer key elsewhere', async () => {
    const health = await sandy.fetch(new Request(`${base}/health`));
    expect(await health.json()).toMatchObject({
      status: 'ok',
      isolation: 'bwrap',
      max: 4,
    });
    await expectError(
      await sandy.fetch(new Request(`${base}/api/sandboxes/${sandboxId}`)),
      401,
      'unauthorized',
    );
    await expectError(
      await call('GET', `/api/sandboxes/${sandboxId}`, {
        headers: { authorization: 'Bearer wrong' },
      }),
      401,
      'unauthorized',
    );
  });

  it('should create and get sandboxes with the canonical fields', async () => {
    const response = await call('POST', '/api/sandboxes', {
      body: { priority: 1, expose_ports: [5173] },
    });
    expect(response.status).toBe(200);
    const created = await response.json();
    expect(created).toMatchObject({
      sandboxId: expect.stringMatching(/^sbx_/),
      status: 'running',
      url: `${base}/sandbox/${created.sandboxId}`,
    });
    expect(Date.parse(created.timeoutAt) - Date.parse(created.createdAt)).toBe(
      600_000,
    );
    const fetched = await (
      await call('GET', `/api/sandboxes/${created.sandboxId}`)
    ).json();
    expect(sandboxInfoSchema.parse(fetched)).toEqual(
      sandboxInfoSchema.parse(created),
    );
    await call('POST', `/api/sandboxes/${created.sandboxId}/terminate`);
  });

  it('should reject bad bodies with 400 and unknown sandboxes with 404', async () => {
    await expectError(
      await call('POST', '/api/sandboxes', { body: { ttl_seconds: -5 } }),
      400,
      'invalid_request',
    );
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
        body: '{"command":',
      }),
      400,
      'invalid_json',
    );
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
        body: { command: '' },
      }),
      400,
      'invalid_request',
    );
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
        body: { command: 'pwd', cwd: '../..' },
      }),
      400,
      'invalid_request',
    );
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
        body: { command: 'pwd', env: { 'A=B': 'x' } },
      }),
      400,
      'invalid_request',
    );
    await expectError(
      await call('GET', '/api/sandboxes/sbx_nope'),
      404,
      'not_found',
    );
    await expectError(
      await call('POST', '/api/sandboxes/sbx_nope/exec', {
        body: { command: 'true' },
      }),
      404,
      'not_found',
    );
  });

  it('should answer 405 with allow for a known path and a method it does not serve', async () => {
    for (const [method, path, allow] of [
      ['GET', '/api/sandboxes', 'POST'],
      ['PUT', `/api/sandboxes/${sandboxId}`, 'GET, DELETE, HEAD'],
      ['GET', `/api/sandboxes/${sandboxId}/exec`, 'POST'],
      ['POST', `/api/sandboxes/${sandboxId}/files/read`, 'GET, HEAD'],
      ['DELETE', `/sandbox/${sandboxId}/artifacts/a.txt`, 'GET, HEAD'],
      ['POST', '/health', 'GET, HEAD'],
    ] as const) {
      const response = await call(method, path);
      expect(response.headers.get('allow'), `${method} ${path}`).toBe(allow);
      expect(await expectError(response, 405, 'method_not_allowed')).toContain(
        `use ${allow}`,
      );
    }
    // HEAD wherever GET: the same status and headers, no body.
    for (const path of ['/health', `/api/sandboxes/${sandboxId}`]) {
      const head = await call('HEAD', path);
      expect(head.status, path).toBe(200);
      expect(head.headers.get('content-type')).toContain('application/json');
      expect(head.body, path).toBeNull();
    }
    // Only the table's own entries are routes.
    await expectError(
      await call('GET', `/api/sandboxes/${sandboxId}/constructor`),
      404,
      'not_found',
    );
    await expectError(
      await call('toString', `/api/sandboxes/${sandboxId}/exec`),
      405,
      'method_not_allowed',
    );
  });

  it('should exec with cwd and env and report every result field', async () => {
    await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
      body: { path: 'sub/dir/.keep', content: '' },
    });
    const response = await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
      body: {
        command: 'pwd; echo "$GREETING"; echo oops >&2; exit 4',
        cwd: 'sub/dir',
        env: { GREETING: 'hi there' },
      },
    });
    const body = await response.json();
    expect(body).toMatchObject({
      stdout: '/workspace/sub/dir\nhi there\n',
      stderr: 'oops\n',
      exitCode: 4,
      timedOut: false,
      truncated: false,
    });
    expect(body.durationMs).toBeGreaterThan(0);
  });

  it('should run a command longer than one argument may be (128 KiB), as clients writing binaries send', async () => {
    // Hosted-Sandy clients write files with `printf %s <base64> | base64 -d`.
    const binary = randomBytes(150_000);
    const result = await exec(
      `printf %s '${binary.toString('base64')}' | base64 -d > blob.bin && wc -c < blob.bin && sha256sum < blob.bin`,
    );
    expect(result).toMatchObject({
      exitCode: 0,
      stdout: `150000\n${createHash('sha256').update(binary).digest('hex')}  -\n`,
      stderr: '',
    });
    // The command reaches the shell through a socket the command does not
    // inherit: the only ones it holds are stdout and stderr.
    const descriptors = await exec('ls -l /proc/self/fd');
    expect(descriptors.stdout.match(/socket:/g)).toHaveLength(2);
    const withNul = await call('POST', `/api/sandboxes/${sandboxId}/exec`, {
      body: { command: 'echo a\u0000b' },
    });
    await expectError(withNul.clone(), 400, 'invalid_request');
    expect((await withNul.json()).error.param).toBe('command');
  });

  it('should run a command the same way whatever its length (one that starts with "-", trailing newlines)', async () => {
    // Up to 64 KiB the command is `sh -c`'s argument, beyond it it is read
    // from a pipe: both must mean the same.
    const padding = `: ${'x'.repeat(70_000)}\n`;
    for (const prefix of ['', padding]) {
      expect(await exec(`${prefix}-janus-no-such-command`)).toMatchObject({
        exitCode: 127,
        stdout: '',
      });
      expect(await exec(`${prefix}printf '%s|' "$0" a\n\n\n`)).toMatchObject({
        exitCode: 0,
        stdout: '/bin/sh|a|',
      });
    }
  });

  it('should write text and base64 files and read them back as JSON or raw bytes', async () => {
    const binary = Buffer.from([0, 1, 2, 250, 255]);
    expect(
      (
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: { path: '/workspace/notes/hello.txt', content: 'héllo\n' },
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: {
            path: 'blob.bin',
            content: binary.toString('base64'),
            encoding: 'base64',
          },
        })
      ).status,
    ).toBe(200);
    const text = fileReadResponseSchema.parse(
      await (
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/read?path=notes/hello.txt`,
        )
      ).json(),
    );
    expect(text).toMatchObject({
      content: 'héllo\n',
      encoding: 'utf-8',
      size: 7,
    });
    const blob = fileReadResponseSchema.parse(
      await (
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/read?path=blob.bin`,
        )
      ).json(),
    );
    expect(blob).toMatchObject({
      content: binary.toString('base64'),
      encoding: 'base64',
    });
    const forced = await (
      await call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=notes/hello.txt&encoding=base64`,
      )
    ).json();
    expect(Buffer.from(forced.content, 'base64').toString()).toBe('héllo\n');
    const raw = await call(
      'GET',
      `/api/sandboxes/${sandboxId}/files/read?path=blob.bin`,
      { headers: { accept: 'application/octet-stream' } },
    );
    expect(Buffer.from(await raw.arrayBuffer())).toEqual(binary);
    expect((await exec('cat notes/hello.txt')).stdout).toBe('héllo\n');
    await expectError(
      await call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=missing.txt`,
      ),
      404,
      'not_found',
    );
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
        body: { path: 'x', content: '%%%', encoding: 'base64' },
      }),
      400,
      'invalid_request',
    );
  });

  it('should list files with types and sizes', async () => {
    const listing = fileListResponseSchema.parse(
      await (
        await call('GET', `/api/sandboxes/${sandboxId}/files/list?path=notes`)
      ).json(),
    );
    expect(listing.files).toEqual(['hello.txt']);
    const recursive = fileListResponseSchema.parse(
      await (
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/list?recursive=true`,
        )
      ).json(),
    );
    expect(recursive.files).toEqual(
      expect.arrayContaining(['blob.bin', 'notes/hello.txt', 'sub/dir/.keep']),
    );
    expect(recursive.entries).toContainEqual({
      path: 'notes',
      type: 'directory',
      size: 0,
    });
    for (const path of ['nope', 'nope/', 'notes/nope']) {
      const message = await expectError(
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/list?path=${encodeURIComponent(path)}`,
        ),
        404,
        'not_found',
      );
      expect(message).toBe(`Directory '${path.replace(/\/$/, '')}' not found`);
    }
    // A file where a directory is meant: named once, plainly.
    for (const [path, expected] of [
      ['notes/hello.txt', "'notes/hello.txt' is not a directory"],
      ['notes/hello.txt/deeper', "'notes/hello.txt' is not a directory"],
    ]) {
      const message = await expectError(
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/list?path=${encodeURIComponent(path!)}`,
        ),
        400,
        'invalid_request',
      );
      expect(message).toBe(expected);
    }
  });

  it('should say when a listing stopped at its limit, and refuse a write to a directory path or an unknown encoding', async () => {
    await exec('mkdir -p many && cd many && seq 1 10001 | xargs touch');
    const listing = fileListResponseSchema.parse(
      await (
        await call('GET', `/api/sandboxes/${sandboxId}/files/list?path=many`)
      ).json(),
    );
    expect(listing.files).toHaveLength(10_000);
    expect(listing.truncated).toBe(true);
    const small = fileListResponseSchema.parse(
      await (
        await call('GET', `/api/sandboxes/${sandboxId}/files/list?path=notes`)
      ).json(),
    );
    expect(small.truncated).toBeUndefined();
    await exec('rm -rf many');
    expect(
      await expectError(
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: { path: 'outdir/', content: 'x' },
        }),
        400,
        'invalid_request',
      ),
    ).toContain('names a directory');
    expect(
      await expectError(
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/read?path=notes/hello.txt&encoding=hex`,
        ),
        400,
        'invalid_request',
      ),
    ).toContain("encoding 'hex'");
  });

  it('should refuse .. and absolute paths outside /workspace', async () => {
    for (const path of [
      '../etc/passwd',
      '/etc/passwd',
      '/workspace/../etc/passwd',
      'a/../../b',
      '/workspacex/a',
    ]) {
      await expectError(
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/read?path=${encodeURIComponent(path)}`,
        ),
        400,
        'invalid_request',
      );
      await expectError(
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: { path, content: 'x' },
        }),
        400,
        'invalid_request',
      );
    }
  });

  it('should refuse a name longer than 255 bytes with 400 on path, also as a link target', async () => {
    const fileApi = (path: string) => [
      call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
        body: { path, content: 'x' },
      }),
      call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=${encodeURIComponent(path)}`,
      ),
      call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/list?path=${encodeURIComponent(path)}`,
      ),
    ];
    // 256 ASCII bytes, 130 two-byte characters (260 bytes), and in a directory.
    for (const path of [
      'a'.repeat(256),
      'é'.repeat(130),
      `d/${'b'.repeat(300)}/f`,
    ])
      for (const answer of fileApi(path)) {
        const response = await answer;
        await expectError(response.clone(), 400, 'invalid_request');
        expect((await response.json()).error.param).toBe('path');
      }
    // The sandbox can make a link to such a name; reading through it is a 400 too.
    await exec(`ln -s ${'c'.repeat(300)} long-link`);
    const response = await call(
      'GET',
      `/api/sandboxes/${sandboxId}/files/read?path=long-link`,
    );
    await expectError(response.clone(), 400, 'invalid_request');
    expect((await response.json()).error.param).toBe('path');
    // 255 bytes is a valid name.
    const longest = `${'é'.repeat(127)}e`;
    expect(
      (
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: { path: longest, content: 'x' },
        })
      ).status,
    ).toBe(200);
  });

  it('should not follow symlinks planted in the sandbox out of /workspace (Judge0 CVE-2024-28185/28189)', async () => {
    const hostDirectory = join(hostTarget, '..');
    const planted = await exec(
      `ln -s ${hostTarget} leak && ln -s ${hostDirectory} outdir && ln -s / rootdir && echo inside > data.txt && ln -s data.txt alias && ln -s /workspace/data.txt absalias`,
    );
    expect(planted.exitCode).toBe(0);
    for (const path of ['leak', 'outdir/target.txt', 'rootdir/etc/passwd']) {
      await expectError(
        await call(
          'GET',
          `/api/sandboxes/${sandboxId}/files/read?path=${path}`,
        ),
        400,
        'invalid_request',
      );
      await expectError(
        await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
          body: { path, content: 'pwned' },
        }),
        400,
        'invalid_request',
      );
    }
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
        body: { path: 'outdir/new.txt', content: 'pwned' },
      }),
      400,
      'invalid_request',
    );
    await expectError(
      await call('GET', `/api/sandboxes/${sandboxId}/files/list?path=outdir`),
      400,
      'invalid_request',
    );
    expect(readFileSync(hostTarget, 'utf8')).toBe('host secret\n');
    expect(() => readFileSync(join(hostDirectory, 'new.txt'))).toThrow();
    // Links that stay inside the workspace still work.
    const alias = await (
      await call('GET', `/api/sandboxes/${sandboxId}/files/read?path=alias`)
    ).json();
    expect(alias.content).toBe('inside\n');
    const listing = await (
      await call('GET', `/api/sandboxes/${sandboxId}/files/list`)
    ).json();
    expect(listing.entries).toContainEqual({
      path: 'leak',
      type: 'symlink',
      size: expect.any(Number),
    });
  });

  it('should resolve absolute links against /workspace as the sandbox sees them', async () => {
    await exec(
      'mkdir -p links/deep && echo inside > links/data.txt && ln -s /workspace/links/data.txt links/abs && ln -s ../data.txt links/deep/up && ln -s up links/deep/chain && ln -s /workspace links/root',
    );
    for (const path of ['links/abs', 'links/deep/up', 'links/deep/chain']) {
      const response = await call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=${path}`,
      );
      expect([path, response.status]).toEqual([path, 200]);
      expect((await response.json()).content).toBe('inside\n');
    }
    await expectError(
      await call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=links/root`,
      ),
      400,
      'invalid_request',
    );
  });

  it('should refuse links out of /workspace alike whether their host target exists or not', async () => {
    await exec(
      `mkdir -p probe && ln -s ${hostTarget} probe/exists && ln -s ${hostTarget}.missing probe/missing && ln -s ../../../../../../..${hostTarget} probe/relative-exists && ln -s ../../../../../../..${hostTarget}.missing probe/relative-missing`,
    );
    const answers = [];
    for (const name of [
      'exists',
      'missing',
      'relative-exists',
      'relative-missing',
    ]) {
      const response = await call(
        'GET',
        `/api/sandboxes/${sandboxId}/files/read?path=probe/${name}`,
      );
      const body = await response.json();
      answers.push([
        response.status,
        body.error?.code,
        body.error?.message.replace(name, '<name>'),
      ]);
    }
    expect(answers[0]).toEqual([
      400,
      'invalid_request',
      "'probe/<name>' is a symbolic link that points outside /workspace",
    ]);
    expect(new Set(answers.map(answer => JSON.stringify(answer))).size).toBe(1);
  });

  it('should serve agent-written HTML and SVG sandboxed, without sniffing', async () => {
    await exec(
      `mkdir -p artifacts && printf '<script>alert(1)</script>' > artifacts/page.html && printf '<svg xmlns="http://www.w3.org/2000/svg"/>' > artifacts/pic.svg`,
    );
    for (const name of ['page.html', 'pic.svg']) {
      const response = await sandy.fetch(
        new Request(`${base}/sandbox/${sandboxId}/artifacts/${name}`),
      );
      expect(response.status).toBe(200);
      expect(response.headers.get('content-security-policy')).toBe('sandbox');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      await response.body?.cancel();
    }
  });

  it('should serve artifacts with content type, Range and no traversal', async () => {
    await exec(
      `mkdir -p artifacts/img && printf '0123456789' > artifacts/digits.txt && printf '\\x89PNG' > artifacts/img/dot.png && ln -s ${hostTarget} artifacts/leak.txt`,
    );
    const full = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/digits.txt`),
    );
    expect(full.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(await full.text()).toBe('0123456789');
    const png = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/img/dot.png`),
    );
    expect(png.headers.get('content-type')).toBe('image/png');
    const partial = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/digits.txt`, {
        headers: { range: 'bytes=2-4' },
      }),
    );
    expect(partial.status).toBe(206);
    expect(partial.headers.get('content-range')).toBe('bytes 2-4/10');
    expect(await partial.text()).toBe('234');
    const suffix = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/digits.txt`, {
        headers: { range: 'bytes=-3' },
      }),
    );
    expect(await suffix.text()).toBe('789');
    const beyond = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/digits.txt`, {
        headers: { range: 'bytes=20-' },
      }),
    );
    expect(beyond.status).toBe(416);
    // Invalid ranges are ignored (RFC 9110 §14.2): the full body, not 416.
    for (const invalid of ['bytes=5-3', 'bytes=abc', 'items=0-1']) {
      const ignored = await sandy.fetch(
        new Request(`${base}/sandbox/${sandboxId}/artifacts/digits.txt`, {
          headers: { range: invalid },
        }),
      );
      expect([invalid, ignored.status]).toEqual([invalid, 200]);
      expect(ignored.headers.get('content-range')).toBeNull();
      expect(await ignored.text()).toBe('0123456789');
    }
    await expectError(
      await sandy.fetch(
        new Request(
          `${base}/sandbox/${sandboxId}/artifacts/..%2F..%2Fetc%2Fpasswd`,
        ),
      ),
      400,
      'invalid_request',
    );
    // The URL parser folds %2E%2E away, leaving a path no route serves.
    const dotted = await sandy.fetch(
      new Request(`${base}/sandbox/${sandboxId}/artifacts/%2E%2E/data.txt`),
    );
    expect(dotted.status).toBe(404);
    expect(await dotted.text()).not.toContain('inside');
    await expectError(
      await sandy.fetch(
        new Request(`${base}/sandbox/${sandboxId}/artifacts/leak.txt`),
      ),
      400,
      'invalid_request',
    );
    await expectError(
      await sandy.fetch(
        new Request(`${base}/sandbox/${sandboxId}/artifacts/none.txt`),
      ),
      404,
      'not_found',
    );
  });

  it('should stream exec output as SSE events ending with exit', async () => {
    const response = await call(
      'POST',
      `/api/sandboxes/${sandboxId}/exec/stream`,
      { body: { command: 'echo one; sleep 0.2; echo two >&2; exit 3' } },
    );
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = [];
    for await (const part of parseJsonEventStream(response, {
      schema: execStreamEventSchema,
      requireDone: false,
    }))
      if (part.type === 'data') events.push(part.value);
    expect(events).toEqual([
      { type: 'stdout', data: 'one\n' },
      { type: 'stderr', data: 'two\n' },
      {
        type: 'exit',
        exitCode: 3,
        timedOut: false,
        truncated: false,
        durationMs: expect.any(Number),
      },
    ]);
  });

  it('should refresh, terminate idempotently and answer 409 afterwards', async () => {
    const created = await (
      await call('POST', '/api/sandboxes', { body: { ttl_seconds: 60 } })
    ).json();
    const refreshed = await (
      await call('POST', `/api/sandboxes/${created.sandboxId}/refresh`, {
        body: { ttl_seconds: 300 },
      })
    ).json();
    expect(Date.parse(refreshed.timeoutAt)).toBeGreaterThan(
      Date.parse(created.timeoutAt),
    );
    expect(
      (
        await (
          await call('POST', `/api/sandboxes/${created.sandboxId}/terminate`)
        ).json()
      ).status,
    ).toBe('terminated');
    expect(
      (await call('POST', `/api/sandboxes/${created.sandboxId}/terminate`))
        .status,
    ).toBe(200);
    await expectError(
      await call('POST', `/api/sandboxes/${created.sandboxId}/exec`, {
        body: { command: 'true' },
      }),
      409,
      'conflict',
    );
    await expectError(
      await call('GET', `/api/sandboxes/${created.sandboxId}/files/list`),
      409,
      'conflict',
    );
  });

  it('should answer 413 for oversized bodies and 429 beyond capacity', async () => {
    await expectError(
      await call('POST', `/api/sandboxes/${sandboxId}/files/write`, {
        body: { path: 'big.txt', content: 'x'.repeat(300 * 1024) },
      }),
      413,
      'payload_too_large',
    );
    const extra = [];
    for (;;) {
      const response = await call('POST', '/api/sandboxes');
      if (response.status !== 200) {
        await expectError(response, 429, 'over_capacity');
        expect(response.headers.get('retry-after')).toBe('5');
        break;
      }
      extra.push((await response.json()).sandboxId);
      expect(extra.length).toBeLessThan(5);
    }
    for (const id of extra)
      await call('POST', `/api/sandboxes/${id}/terminate`);
  });

  it('should kill a command when the client disconnects', async () => {
    const listener = await sandy.listen({ port: 0 });
    try {
      const abort = new AbortController();
      const pending = fetch(`${listener.url}/api/sandboxes/${sandboxId}/exec`, {
        method: 'POST',
        headers: { authorization: `Bearer ${apiKey}` },
        body: JSON.stringify({ command: 'sleep 318' }),
        signal: abort.signal,
      }).catch(error => error);
      await vi.waitFor(
        () => expect(findHostProcesses(['sleep', '318'])).not.toEqual([]),
        { timeout: 5000 },
      );
      abort.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });
      await vi.waitFor(
        () => expect(findHostProcesses(['sleep', '318'])).toEqual([]),
        { timeout: 5000 },
      );
    } finally {
      await listener.close();
    }
  });

  it('should kill a streamed command when the client disconnects, and keep serving', async () => {
    const listener = await sandy.listen({ port: 0 });
    try {
      const abort = new AbortController();
      const response = await fetch(
        `${listener.url}/api/sandboxes/${sandboxId}/exec/stream`,
        {
          method: 'POST',
          headers: { authorization: `Bearer ${apiKey}` },
          body: JSON.stringify({ command: 'echo started; sleep 319' }),
          signal: abort.signal,
        },
      );
      const reader = response.body!.getReader();
      await reader.read();
      await vi.waitFor(
        () => expect(findHostProcesses(['sleep', '319'])).not.toEqual([]),
        { timeout: 5000 },
      );
      abort.abort();
      await vi.waitFor(
        () => expect(findHostProcesses(['sleep', '319'])).toEqual([]),
        { timeout: 5000 },
      );
      // Past the next keep-alive tick and the command's exit: neither may
      // write to the closed stream (that threw and took the process down).
      await new Promise(resolve => setTimeout(resolve, 1_500));
      const health = await fetch(`${listener.url}/health`);
      expect(health.status).toBe(200);
    } finally {
      await listener.close();
    }
  });

  it('should serve the same API on a real socket', async () => {
    const listener = await sandy.listen({ port: 0 });
    try {
      const headers = {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
      };
      const created = await (
        await fetch(`${listener.url}/api/sandboxes`, {
          method: 'POST',
          headers,
        })
      ).json();
      expect(created.url).toBe(`${listener.url}/sandbox/${created.sandboxId}`);
      const result = await (
        await fetch(`${listener.url}/api/sandboxes/${created.sandboxId}/exec`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ command: 'echo socket' }),
        })
      ).json();
      expect(result.stdout).toBe('socket\n');
      await fetch(
        `${listener.url}/api/sandboxes/${created.sandboxId}/terminate`,
        { method: 'POST', headers },
      );
    } finally {
      await listener.close();
    }
  });
});

describe('createSandyServer agent maxDuration', { timeout: 30_000 }, () => {
  it('should treat a very large maxDuration as no practical limit, not 1 ms or a 500 that leaves the sandbox locked', async () => {
    const root = createTestRootDirectory('maxduration');
    // An LLM that fails after 300 ms: the run must end with its error.
    const slowFailingLlm: typeof fetch = async (_input, init) => {
      await new Promise(resolve => setTimeout(resolve, 300));
      init?.signal?.throwIfAborted();
      throw new Error('llm down');
    };
    const server = createSandyServer({
      rootDirectory: root,
      logger: createSilentLogger(),
      maxSandboxes: 1,
      warmPoolSize: 0,
      agent: {
        llm: { baseUrl: 'http://127.0.0.1:9/v1', model: 'm' },
        fetch: slowFailingLlm,
      },
    });
    const listener = await server.listen({ host: '127.0.0.1' });
    try {
      const post = (path: string, body?: unknown) =>
        fetch(`${listener.url}/api/sandboxes${path}`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            accept: 'text/event-stream',
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const { sandboxId } = sandboxInfoSchema.parse(
        await (await post('')).json(),
      );
      // 3e6 s and 1e7 s are beyond setTimeout's 24.8-day range.
      for (const maxDuration of [3e6, 1e7]) {
        const response = await post(`/${sandboxId}/agent/run`, {
          agent: 'builtin',
          prompt: 'hi',
          maxDuration,
        });
        expect(response.status).toBe(200);
        const text = await response.text();
        expect(text).toContain('llm down');
        expect(text).not.toContain('maxDuration');
        expect(text).toContain('"type":"complete"');
      }
    } finally {
      await listener.close();
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('createSandyServer close', { timeout: 30_000 }, () => {
  it('should answer an exec in flight (137) before closing its connection', async () => {
    const root = createTestRootDirectory('close');
    const server = createSandyServer({
      rootDirectory: root,
      logger: createSilentLogger(),
      warmPoolSize: 0,
    });
    try {
      const { url } = await server.listen({ port: 0 });
      const headers = { 'content-type': 'application/json' };
      const { sandboxId } = await (
        await fetch(`${url}/api/sandboxes`, { method: 'POST', headers })
      ).json();
      const pending = fetch(`${url}/api/sandboxes/${sandboxId}/exec`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ command: 'sleep 321' }),
      }).catch((error: unknown) => error);
      await vi.waitFor(
        () => expect(findHostProcesses(['sleep', '321'])).not.toEqual([]),
        { timeout: 5000 },
      );
      await server.close();
      const response = await pending;
      expect(response).toBeInstanceOf(Response);
      expect((response as Response).status).toBe(200);
      expect(await (response as Response).json()).toMatchObject({
        exitCode: 137,
        timedOut: false,
      });
      expect(findHostProcesses(['sleep', '321'])).toEqual([]);
    } finally {
      await server.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});
