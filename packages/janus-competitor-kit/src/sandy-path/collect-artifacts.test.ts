import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { ArtifactRefusedError } from '../artifacts/artifact-refused-error';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { createArtifactStore } from '../artifacts/create-artifact-store';
import type { Logger } from '../logger/logger';
import { createFileArtifactStore } from '../node/create-file-artifact-store';
import { serveFetch } from '../node/serve-fetch';
import { createFakeSandy } from '../sandy/__fixtures__/fake-sandy';
import { createSandyClient } from '../sandy/create-sandy-client';
import type { CompletionStream } from '../server/completion-stream';
import { collectArtifacts } from './collect-artifacts';
import { withSandbox } from './with-sandbox';

// No full disk without root: the file store's own fs calls pass through to
// the real ones unless a test makes one fail (see the file store's test).
vi.mock('node:fs/promises', async importOriginal => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, open: vi.fn(actual.open) };
});

const stream = {
  event: () => {},
  usage: () => {},
  reasoning: () => {},
  signal: new AbortController().signal,
} as unknown as CompletionStream;

/** Runs collectArtifacts in a fake Sandy whose sandbox starts with `files`. */
async function collect(options: {
  files: Record<string, string>;
  store: ArtifactStore;
  readMode?: 'json' | 'raw';
  maxBytes?: number;
}) {
  const fake = createFakeSandy({
    readMode: options.readMode ?? 'raw',
    initialFiles: Object.fromEntries(
      Object.entries(options.files).map(([name, content]) => [
        `/workspace/artifacts/${name}`,
        content,
      ]),
    ),
  });
  const server = await serveFetch({ fetch: fake.fetch });
  const warnings: Array<[string, unknown]> = [];
  const logger: Logger = {
    info() {},
    warn: (message, fields) => warnings.push([message, fields]),
    error() {},
  };
  try {
    const sandy = createSandyClient({ baseURL: server.url });
    const artifacts = await withSandbox({ sandy, stream }, sandbox =>
      collectArtifacts({
        sandbox,
        store: options.store,
        logger,
        ...(options.maxBytes !== undefined && { maxBytes: options.maxBytes }),
      }),
    );
    return { artifacts, warnings };
  } finally {
    await server.close();
  }
}

describe('collectArtifacts', () => {
  it.each(['raw', 'json'] as const)(
    'should stream %s file bodies from Sandy into a file store',
    async readMode => {
      const dir = mkdtempSync(join(tmpdir(), 'janus-collect-'));
      try {
        const store = createFileArtifactStore({ dir });
        const { artifacts } = await collect({
          files: { 'b.csv': 'x,y\n1,2\n', 'a.txt': 'hello' },
          store,
          readMode,
        });
        expect(artifacts.map(artifact => artifact.display_name)).toEqual([
          'a.txt',
          'b.csv',
        ]);
        expect(readdirSync(dir)).toHaveLength(4);
        const [first] = artifacts;
        expect(first && readFileSync(join(dir, first.id), 'utf8')).toBe(
          'hello',
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );

  it('should skip a file over maxBytes, saying so, and keep the others', async () => {
    const { artifacts, warnings } = await collect({
      files: { 'big.txt': '0123456789', 'small.txt': '012' },
      store: createArtifactStore(),
      maxBytes: 5,
    });
    expect(artifacts.map(artifact => artifact.display_name)).toEqual([
      'small.txt',
    ]);
    expect(warnings).toEqual([
      [
        'artifact skipped',
        {
          path: '/workspace/artifacts/big.txt',
          reason:
            'collectArtifacts: /workspace/artifacts/big.txt is over maxBytes (5)',
        },
      ],
    ]);
  });

  it('should skip what a full memory store refuses instead of failing the answer', async () => {
    const { artifacts, warnings } = await collect({
      files: { 'a.txt': '01234', 'b.txt': '56789', 'c.txt': '012' },
      store: createArtifactStore({ maxBytes: 8 }),
    });
    expect(artifacts.map(artifact => artifact.display_name)).toEqual([
      'a.txt',
      'c.txt',
    ]);
    expect(warnings).toEqual([
      [
        'artifact skipped',
        {
          path: '/workspace/artifacts/b.txt',
          reason: expect.stringMatching(/b\.txt does not fit: 5 bytes held/),
        },
      ],
    ]);
  });

  it('should skip a file the disk has no room for, as one a full memory store refuses', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'janus-collect-'));
    const actualOpen = vi.mocked(open).getMockImplementation();
    // The second file's temp file is opened on a full disk: its first write
    // fails. (The store also opens its directories, to sync them.)
    let opens = 0;
    vi.mocked(open).mockImplementation(async (...args) => {
      const handle = await actualOpen!(...args);
      if (String(args[0]).endsWith('.part') && ++opens === 2)
        vi.spyOn(handle, 'write').mockRejectedValue(
          Object.assign(new Error('ENOSPC: no space left on device, write'), {
            code: 'ENOSPC',
          }),
        );
      return handle;
    });
    try {
      const { artifacts, warnings } = await collect({
        files: { 'a.txt': '01234', 'b.txt': '56789', 'c.txt': '012' },
        store: createFileArtifactStore({ dir }),
      });
      expect(artifacts.map(artifact => artifact.display_name)).toEqual([
        'a.txt',
        'c.txt',
      ]);
      expect(warnings).toEqual([
        [
          'artifact skipped',
          {
            path: '/workspace/artifacts/b.txt',
            reason: expect.stringMatching(
              /b\.txt does not fit: the disk is full \(ENOSPC/,
            ),
          },
        ],
      ]);
      // Nothing of b.txt: two artifacts, two files each.
      expect(readdirSync(dir)).toHaveLength(4);
    } finally {
      vi.mocked(open).mockImplementation(actualOpen!);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should skip what a custom store refuses with ArtifactRefusedError, as the kit stores do', async () => {
    // A store of the miner's own (an object storage bucket, say) that runs
    // out of quota while a file streams in.
    const kit = createArtifactStore();
    let used = 0;
    const bucket: ArtifactStore = {
      ...kit,
      async put(options) {
        // collectArtifacts hands over Sandy's answer as a stream.
        const reader = (
          options.stream as ReadableStream<Uint8Array>
        ).getReader();
        const chunks: Uint8Array[] = [];
        for (;;) {
          const { done, value: chunk } = await reader.read();
          if (done) break;
          if (used + chunk.length > 8) {
            // Nothing kept, and the rest of the file is not wanted.
            await reader.cancel();
            throw new ArtifactRefusedError({
              message: `bucket: ${options.name} does not fit: the quota is 8 bytes`,
              cause: new Error('QuotaExceeded'),
            });
          }
          used += chunk.length;
          chunks.push(chunk);
        }
        return kit.put({ name: options.name, bytes: concat(chunks) });
      },
    };
    const { artifacts, warnings } = await collect({
      files: { 'a.txt': '01234', 'b.txt': '56789', 'c.txt': '012' },
      store: bucket,
    });
    expect(artifacts.map(artifact => artifact.display_name)).toEqual([
      'a.txt',
      'c.txt',
    ]);
    expect(warnings).toEqual([
      [
        'artifact skipped',
        {
          path: '/workspace/artifacts/b.txt',
          reason: 'bucket: b.txt does not fit: the quota is 8 bytes',
        },
      ],
    ]);
  });

  it('should say so when the listing already shows a file over maxBytes, or more files than maxFiles', async () => {
    // @janus/sandy's listing carries `entries` with sizes and types: the
    // limit is applied before any read, and must still be told.
    const fake = createFakeSandy({
      readMode: 'raw',
      initialFiles: {
        '/workspace/artifacts/a.txt': 'a',
        '/workspace/artifacts/big.bin': '0123456789',
        '/workspace/artifacts/c.txt': 'c',
        '/workspace/artifacts/d.txt': 'd',
      },
    });
    const server = await serveFetch({
      fetch: async request => {
        const response = await fake.fetch(request);
        if (!new URL(request.url).pathname.endsWith('/files/list'))
          return response;
        const { files } = (await response.json()) as { files: string[] };
        return Response.json({
          files,
          entries: files.map(path => ({
            path,
            type: 'file',
            size: path === 'big.bin' ? 10 : 1,
          })),
        });
      },
    });
    const warnings: Array<[string, unknown]> = [];
    const logger: Logger = {
      info() {},
      warn: (message, fields) => warnings.push([message, fields]),
      error() {},
    };
    try {
      const sandy = createSandyClient({ baseURL: server.url });
      const artifacts = await withSandbox({ sandy, stream }, sandbox =>
        collectArtifacts({
          sandbox,
          store: createArtifactStore(),
          logger,
          maxBytes: 5,
          maxFiles: 2,
        }),
      );
      expect(artifacts.map(artifact => artifact.display_name)).toEqual([
        'a.txt',
        'c.txt',
      ]);
      expect(warnings).toEqual([
        [
          'artifact skipped',
          {
            path: '/workspace/artifacts/big.bin',
            reason:
              'collectArtifacts: /workspace/artifacts/big.bin is over maxBytes (5): 10 bytes',
          },
        ],
        [
          'artifacts skipped',
          {
            dir: '/workspace/artifacts',
            count: 1,
            names: ['d.txt'],
            reason: 'collectArtifacts: more files than maxFiles (2)',
          },
        ],
      ]);
    } finally {
      await server.close();
    }
  });

  it('should skip a file Sandy will not read (over its read limit, a link out, gone) instead of failing the answer', async () => {
    // @janus/sandy reads at most 64 MiB (413), refuses a link pointing out of
    // /workspace (400) and a file removed since the listing is 404; a
    // listing without `entries` (hosted Sandy) cannot tell them apart first.
    const fake = createFakeSandy({
      readMode: 'raw',
      initialFiles: {
        '/workspace/artifacts/a.txt': 'a',
        '/workspace/artifacts/huge.bin': 'x',
        '/workspace/artifacts/link.txt': 'x',
        '/workspace/artifacts/gone.txt': 'x',
      },
    });
    const refusals: Record<string, [number, string]> = {
      'huge.bin': [
        413,
        "'artifacts/huge.bin' is 100000000 bytes; the read limit is 67108864",
      ],
      'link.txt': [
        400,
        "'artifacts/link.txt' is a symbolic link that points outside /workspace",
      ],
      'gone.txt': [404, 'File not found'],
    };
    const server = await serveFetch({
      fetch: async request => {
        const url = new URL(request.url);
        const name = url.searchParams.get('path')?.split('/').pop() ?? '';
        const refusal = url.pathname.endsWith('/files/read')
          ? refusals[name]
          : undefined;
        if (!refusal) return fake.fetch(request);
        return Response.json(
          { error: { message: refusal[1], code: 'x' } },
          { status: refusal[0] },
        );
      },
    });
    const warnings: Array<[string, unknown]> = [];
    const logger: Logger = {
      info() {},
      warn: (message, fields) => warnings.push([message, fields]),
      error() {},
    };
    try {
      const sandy = createSandyClient({ baseURL: server.url, retry: 0 });
      const artifacts = await withSandbox({ sandy, stream }, sandbox =>
        collectArtifacts({ sandbox, store: createArtifactStore(), logger }),
      );
      expect(artifacts.map(artifact => artifact.display_name)).toEqual([
        'a.txt',
      ]);
      expect(warnings).toEqual(
        ['gone.txt', 'huge.bin', 'link.txt'].map(name => [
          'artifact skipped',
          {
            path: `/workspace/artifacts/${name}`,
            reason: expect.stringContaining(
              `Sandy answered HTTP ${refusals[name]?.[0]}`,
            ),
          },
        ]),
      );
    } finally {
      await server.close();
    }
  });
});

function concat(chunks: Uint8Array[]): Uint8Array {
  const bytes = new Uint8Array(
    chunks.reduce((size, chunk) => size + chunk.length, 0),
  );
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
