import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { type FileHandle, open, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JanusError } from '@janus/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ArtifactRefusedError } from '../artifacts/artifact-refused-error';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { createArtifactStore } from '../artifacts/create-artifact-store';
import { handleArtifactRequest } from '../artifacts/handle-artifact-request';
import { expectInvalidOption } from '../internal/expect-invalid-option.test-util';
import { silentLogger } from '../logger/logger';
import { createCompetitor } from '../server/create-competitor';
import { createFileArtifactStore } from './create-file-artifact-store';
import { serveFetch } from './serve-fetch';

// A full disk cannot be made without root (a small tmpfs needs a mount), so
// the store's own `node:fs/promises` calls are where the failure goes in:
// they pass through to the real ones unless a test says otherwise. This
// needs no test-only option in the store (STYLE.md 3.3's `_internal` is for
// seams the code cannot do without), and fails the very calls a full disk
// fails: a write of the bytes, the write of the descriptor.
vi.mock('node:fs/promises', async importOriginal => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...actual,
    open: vi.fn(actual.open),
    writeFile: vi.fn(actual.writeFile),
  };
});
const actualFs =
  await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');

/** The error the system gives when a write does not fit (`code` as Node sets it). */
function diskFull(code: 'ENOSPC' | 'EDQUOT', syscall: string): Error {
  const message =
    code === 'ENOSPC' ? 'no space left on device' : 'disk quota exceeded';
  return Object.assign(new Error(`${code}: ${message}, ${syscall}`), {
    code,
    syscall,
  });
}

/** The next temp file the store opens takes `allowed` writes, then fails with `code`. */
function failWritesAfter(allowed: number, code: 'ENOSPC' | 'EDQUOT') {
  let armed = true;
  vi.mocked(open).mockImplementation(async (...args) => {
    const handle = await actualFs.open(...args);
    // Not the directories the store opens to sync them.
    if (!armed || !String(args[0]).endsWith('.part')) return handle;
    armed = false;
    const write = handle.write.bind(handle) as (
      ...writeArgs: unknown[]
    ) => Promise<{ bytesWritten: number }>;
    let writes = 0;
    vi.spyOn(handle, 'write').mockImplementation((async (
      ...writeArgs: unknown[]
    ) => {
      if (writes++ >= allowed) throw diskFull(code, 'write');
      return write(...writeArgs);
    }) as FileHandle['write']);
    return handle;
  });
}

/** The error the system gives for a failed call (`code` as Node sets it). */
function systemError(code: string, syscall: string): Error {
  return Object.assign(new Error(`${code}: ${syscall} failed`), {
    code,
    syscall,
  });
}

type Sync = { ino: number; directory: boolean; names: string[] };

/**
 * Records every fsync (`FileHandle.sync`, which `writeFile`'s `flush` uses
 * too): of which inode, and which names `list` held at that moment. `fail`
 * may turn one into an error instead.
 */
async function recordSyncs(
  list: string,
  fail?: (sync: Sync) => Error | undefined,
): Promise<Sync[]> {
  const probe = await actualFs.open(join(root, '.probe'), 'w');
  const prototype = Object.getPrototypeOf(probe) as FileHandle;
  await probe.close();
  rmSync(join(root, '.probe'));
  const sync = prototype.sync;
  const syncs: Sync[] = [];
  vi.spyOn(prototype, 'sync').mockImplementation(async function (
    this: FileHandle,
  ) {
    const stats = await this.stat();
    const names = existsSync(list) ? readdirSync(list).sort() : [];
    const seen = { ino: stats.ino, directory: stats.isDirectory(), names };
    syncs.push(seen);
    const error = fail?.(seen);
    if (error) throw error;
    return sync.call(this);
  });
  return syncs;
}

const text = new TextEncoder().encode('0123456789');
// The kit's stores refuse as a custom store can: an ArtifactRefusedError,
// whose code is still payload_too_large.
const isTooLarge = (error: unknown) =>
  ArtifactRefusedError.isInstance(error) &&
  JanusError.isInstance(error) &&
  error.code === 'payload_too_large';

let root: string;
let dir: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'janus-file-store-'));
  dir = join(root, 'artifacts');
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.mocked(open).mockReset().mockImplementation(actualFs.open);
  vi.mocked(writeFile).mockReset().mockImplementation(actualFs.writeFile);
  rmSync(root, { recursive: true, force: true });
});

describe('createFileArtifactStore', () => {
  it('should create the directory and keep each artifact as its bytes and its descriptor, private', async () => {
    const store = createFileArtifactStore({ dir });
    expect(existsSync(dir)).toBe(false);
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    expect(store.dir).toBe(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readdirSync(dir).sort()).toEqual([
      artifact.id,
      `${artifact.id}.json`,
    ]);
    expect(readFileSync(join(dir, artifact.id))).toEqual(Buffer.from(text));
    expect(
      JSON.parse(readFileSync(join(dir, `${artifact.id}.json`), 'utf8')),
    ).toEqual(artifact);
    for (const name of readdirSync(dir))
      expect(statSync(join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it('should serve the whole body of an artifact deleted after get() answered', async () => {
    const store = createFileArtifactStore({ dir });
    // Bigger than one 64 KiB read, so the body is read after the delete.
    const bytes = new Uint8Array(200_000).map((_, index) => index % 251);
    const artifact = await store.put({ name: 'big.bin', bytes });
    const found = await store.get(artifact.id);
    expect(found).toBeDefined();
    await store.delete(artifact.id);
    expect(existsSync(join(dir, artifact.id))).toBe(false);
    const read = new Uint8Array(await new Response(found!.body).arrayBuffer());
    expect(read).toEqual(bytes);
    expect(await store.get(artifact.id)).toBeUndefined();
  });

  it('should write through a temp file that only becomes the artifact once complete', async () => {
    const store = createFileArtifactStore({ dir });
    let source!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        source = controller;
      },
    });
    const hash = createHash('sha256');
    const put = store.put({ name: 'a.bin', stream });
    for (let index = 0; index < 3; index++) {
      const chunk = new Uint8Array(70_000).fill(index);
      hash.update(chunk);
      source.enqueue(chunk);
    }
    await vi.waitFor(() => expect(readdirSync(dir)).toHaveLength(1));
    // While writing: one hidden part file, nothing a reader could serve.
    expect(readdirSync(dir)).toEqual([
      expect.stringMatching(/^\.artf_[0-9a-f]{24}\.part$/),
    ]);
    source.close();
    const artifact = await put;
    expect(artifact.sha256).toBe(hash.digest('hex'));
    expect(artifact.size_bytes).toBe(210_000);
    expect(statSync(join(dir, artifact.id)).size).toBe(210_000);
    expect(readdirSync(dir).filter(name => name.startsWith('.'))).toEqual([]);
  });

  it('should fsync the bytes and the descriptor before naming them, and the directories after', async () => {
    const nested = join(dir, 'b');
    const syncs = await recordSyncs(nested);
    const store = createFileArtifactStore({ dir: nested });
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    const ino = (path: string) => statSync(path).ino;
    const syncOf = (path: string) => syncs.find(sync => sync.ino === ino(path));
    // On disk under their temp names: a power loss cannot leave an
    // artifact's name on data that never reached the disk.
    expect(syncOf(join(nested, artifact.id))?.names).toEqual([
      `.${artifact.id}.part`,
    ]);
    expect(syncOf(join(nested, `${artifact.id}.json`))?.names).toEqual([
      `.${artifact.id}.json.part`,
      artifact.id,
    ]);
    // Then the directory, once both names are in it: they are durable
    // before the put returns. The first put also makes the directories the
    // store created durable, in their parents.
    expect(syncs.at(-1)).toEqual({
      ino: ino(nested),
      directory: true,
      names: [artifact.id, `${artifact.id}.json`],
    });
    expect(
      syncs
        .filter(sync => sync.directory)
        .map(sync => sync.ino)
        .sort(),
    ).toEqual([ino(root), ino(dir), ino(nested)].sort());
    // Later puts: their two files, then the directory.
    syncs.length = 0;
    await store.put({ name: 'b.txt', bytes: text });
    expect(syncs.map(sync => sync.directory)).toEqual([false, false, true]);
  });

  it('should go on where a directory cannot be fsynced', async () => {
    // Some file systems refuse fsync on a directory (EINVAL), and Windows
    // cannot open one (EISDIR, EPERM): nothing more can be done there.
    await recordSyncs(dir, sync =>
      sync.directory ? systemError('EINVAL', 'fsync') : undefined,
    );
    const store = createFileArtifactStore({ dir });
    const first = await store.put({ name: 'a.txt', bytes: text });
    vi.mocked(open).mockImplementation(async (...args) => {
      if (args[0] === dir) throw systemError('EISDIR', 'open');
      return actualFs.open(...args);
    });
    const second = await store.put({ name: 'b.txt', bytes: text });
    for (const artifact of [first, second]) {
      const found = await store.get(artifact.id);
      expect(found && (await new Response(found.body).text())).toBe(
        '0123456789',
      );
    }
  });

  it.each([
    ['the bytes', false],
    ['the directory', true],
  ])(
    'should fail a put whose fsync of %s fails, leaving nothing',
    async (_what, directory) => {
      await recordSyncs(dir, sync =>
        sync.directory === directory ? systemError('EIO', 'fsync') : undefined,
      );
      const store = createFileArtifactStore({ dir });
      const put = store.put({ name: 'a.txt', bytes: text });
      // Not a refusal: the disk failed, and the client must not be told
      // about an artifact that may not be there after a power loss.
      await expect(put).rejects.toThrow('EIO: fsync failed');
      await expect(put).rejects.not.toSatisfy(ArtifactRefusedError.isInstance);
      expect(readdirSync(dir)).toEqual([]);
    },
  );

  it('should refuse an artifact whose fsync finds the disk full', async () => {
    // NFS, or a thin-provisioned volume, may report no room only then.
    await recordSyncs(dir, sync =>
      sync.directory ? undefined : diskFull('ENOSPC', 'fsync'),
    );
    const put = createFileArtifactStore({ dir }).put({
      name: 'a.txt',
      bytes: text,
    });
    await expect(put).rejects.toSatisfy(isTooLarge);
    await expect(put).rejects.toThrow(
      /^createFileArtifactStore: a\.txt does not fit: the disk is full \(ENOSPC\)$/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should leave nothing behind when the content fails or is over maxArtifactBytes', async () => {
    const store = createFileArtifactStore({ dir, maxArtifactBytes: 10 });
    const failing = (async function* () {
      yield text;
      throw new Error('sandbox read failed');
    })();
    await expect(store.put({ name: 'a.txt', stream: failing })).rejects.toThrow(
      'sandbox read failed',
    );
    await expect(
      store.put({ name: 'b.txt', bytes: text }),
    ).resolves.toBeDefined();
    const over = store.put({
      name: 'c.txt',
      bytes: new Uint8Array(11),
    });
    await expect(over).rejects.toThrow(
      /^createFileArtifactStore: c\.txt is over maxArtifactBytes \(10\)$/,
    );
    await expect(over).rejects.toSatisfy(isTooLarge);
    expect(readdirSync(dir)).toHaveLength(2);
  });

  it.each(['ENOSPC', 'EDQUOT'] as const)(
    'should refuse an artifact the disk has no room for (%s) as the memory store refuses one, leaving nothing',
    async code => {
      const store = createFileArtifactStore({ dir });
      const kept = await store.put({ name: 'kept.txt', bytes: text });
      failWritesAfter(1, code);
      const put = store.put({
        name: 'big.bin',
        stream: (async function* () {
          yield text;
          yield text;
        })(),
      });
      await expect(put).rejects.toSatisfy(isTooLarge);
      await expect(put).rejects.toThrow(
        new RegExp(
          `^createFileArtifactStore: big\\.bin does not fit: the disk is full \\(${code}\\)$`,
        ),
      );
      await expect(put).rejects.toHaveProperty(
        'cause',
        expect.objectContaining({ code }),
      );
      // The half-written temp file went with it.
      expect(readdirSync(dir).sort()).toEqual([kept.id, `${kept.id}.json`]);
      // The descriptor, written after the bytes are in place, can fail too.
      vi.mocked(writeFile).mockImplementationOnce(async path => {
        await actualFs.writeFile(path as string, '{"id":');
        throw diskFull(code, 'write');
      });
      await expect(
        store.put({ name: 'small.txt', bytes: text }),
      ).rejects.toSatisfy(isTooLarge);
      expect(readdirSync(dir).sort()).toEqual([kept.id, `${kept.id}.json`]);
      await expect(
        store.put({ name: 'later.txt', bytes: text }),
      ).resolves.toBeDefined();
    },
  );

  it('should answer 500 internal_error to a handler that lets a full disk through', async () => {
    const competitor = createCompetitor({
      id: 'files',
      name: 'Files',
      logger: silentLogger,
      artifacts: createFileArtifactStore({ dir }),
      handle: async (_request, stream, context) => {
        failWritesAfter(0, 'ENOSPC');
        stream.artifacts([
          await context.artifacts.put({ name: 'report.pdf', bytes: text }),
        ]);
      },
    });
    const response = await competitor.fetch(
      new Request('http://competitor.test/v1/chat/completions', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          model: 'test',
          messages: [{ role: 'user', content: 'make me a report' }],
        }),
      }),
    );
    expect(response.status).toBe(500);
    expect((await response.json()).error).toMatchObject({
      code: 'internal_error',
      message: expect.stringMatching(
        /^The competitor could not store an artifact: .*report\.pdf does not fit: the disk is full \(ENOSPC/,
      ),
    });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('should serve a 50 MB artifact with Range from the file, streaming, on a real socket', async () => {
    const size = 50 * 1024 * 1024;
    const store = createFileArtifactStore({ dir });
    const artifact = await store.put({
      name: 'big.bin',
      stream: patternStream(size),
    });
    expect(artifact.size_bytes).toBe(size);
    // The memory store, with a limit below the file, refuses it whole.
    await expect(
      createArtifactStore({ maxBytes: 16 * 1024 * 1024 }).put({
        name: 'big.bin',
        stream: patternStream(size),
      }),
    ).rejects.toSatisfy(isTooLarge);

    const competitor = createCompetitor({
      id: 'files',
      name: 'Files',
      handle: () => {},
      logger: silentLogger,
      artifacts: store,
    });
    await using server = Object.assign(
      await serveFetch({ fetch: competitor.fetch }),
      { [Symbol.asyncDispose]: () => server.close() },
    );
    const url = `${server.url}${artifact.url}`;
    for (const [start, end] of [
      [size - 100, size - 1],
      [1024 * 1024 - 10, 1024 * 1024 + 10],
      [0, 0],
    ] as const) {
      const response = await fetch(url, {
        headers: { range: `bytes=${start}-${end}` },
      });
      expect(response.status).toBe(206);
      expect(response.headers.get('content-range')).toBe(
        `bytes ${start}-${end}/${size}`,
      );
      expect(new Uint8Array(await response.arrayBuffer())).toEqual(
        pattern(start, end - start + 1),
      );
    }

    // A whole GET read one chunk at a time: the server reads the file as
    // the client takes it, so the process does not grow by the file's size.
    const before = process.memoryUsage().arrayBuffers;
    const response = await fetch(url);
    expect(response.headers.get('content-length')).toBe(String(size));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const first = await reader.read();
    expect(first.value?.subarray(0, 4)).toEqual(pattern(0, 4));
    // Not a timing assertion: time for a store that reads ahead of the
    // client (or reads the file whole) to show it.
    await new Promise(resolve => setTimeout(resolve, 100));
    const grown = process.memoryUsage().arrayBuffers - before;
    expect(grown).toBeLessThan(20 * 1024 * 1024);
    await reader.cancel();
  });

  it.skipIf(!existsSync('/proc/self/fd'))(
    'should close the file when the client goes away mid-download',
    async () => {
      const store = createFileArtifactStore({ dir });
      const artifact = await store.put({
        name: 'big.bin',
        stream: patternStream(8 * 1024 * 1024),
      });
      const competitor = createCompetitor({
        id: 'files',
        name: 'Files',
        handle: () => {},
        logger: silentLogger,
        artifacts: store,
      });
      await using server = Object.assign(
        await serveFetch({ fetch: competitor.fetch }),
        { [Symbol.asyncDispose]: () => server.close() },
      );
      const openFiles = () =>
        readdirSync('/proc/self/fd').filter(fd => {
          try {
            return readlinkFd(fd).startsWith(dir);
          } catch {
            return false;
          }
        }).length;
      const controller = new AbortController();
      const response = await fetch(`${server.url}${artifact.url}`, {
        signal: controller.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      expect(openFiles()).toBe(1);
      controller.abort();
      await vi.waitFor(() => expect(openFiles()).toBe(0));
    },
  );

  it.skipIf(!existsSync('/proc/self/fd'))(
    'should close the file of a client gone before its answer was written',
    async () => {
      const store = createFileArtifactStore({ dir });
      const artifact = await store.put({ name: 'a.txt', bytes: text });
      let entered!: () => void;
      const inGet = new Promise<void>(resolve => {
        entered = resolve;
      });
      let opened!: (found: boolean) => void;
      const got = new Promise<boolean>(resolve => {
        opened = resolve;
      });
      // The client leaves while the store opens the file: the answer that
      // `get` makes has nobody to go to, so no server reads or cancels it.
      const server = await serveFetch({
        fetch: request => {
          const slowStore: ArtifactStore = {
            ...store,
            get: async (id, getOptions) => {
              entered();
              await new Promise(resolve =>
                request.signal.addEventListener('abort', resolve),
              );
              const found = await store.get(id, getOptions);
              opened(found !== undefined);
              return found;
            },
          };
          return handleArtifactRequest({ request, store: slowStore }).then(
            response => response ?? new Response(null, { status: 404 }),
          );
        },
      });
      await using _server = Object.assign(server, {
        [Symbol.asyncDispose]: () => server.close(),
      });
      const controller = new AbortController();
      const download = fetch(`${server.url}${artifact.url}`, {
        signal: controller.signal,
      }).catch(() => undefined);
      await inGet;
      controller.abort();
      await download;
      const openFiles = () =>
        readdirSync('/proc/self/fd').filter(fd => {
          try {
            return readlinkFd(fd).startsWith(dir);
          } catch {
            return false;
          }
        }).length;
      // The file was open: the leak, if any, is there to see.
      expect(await got).toBe(true);
      await vi.waitFor(() => expect(openFiles()).toBe(0));
    },
  );

  it('should sweep expired artifacts and old leftovers, and leave other files alone', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = createFileArtifactStore({
      dir,
      ttlSeconds: 60,
      now: () => clock,
    });
    const short = await store.put({ name: 'a.txt', bytes: text });
    const long = await store.put({
      name: 'b.txt',
      bytes: text,
      ttlSeconds: 600,
    });
    const old = (Date.now() - 2 * 60 * 60 * 1000) / 1000;
    const planted = {
      '.artf_dead.part': old,
      '.artf_dead.json.part': old,
      artf_orphan: old,
      'artf_broken.json': old,
      '.artf_writing.part': undefined,
      artf_fresh: undefined,
      'notes.txt': old,
      'artf_x.tmp': old,
    };
    for (const [name, time] of Object.entries(planted)) {
      writeFileSync(join(dir, name), name.endsWith('.json') ? '{' : 'x');
      if (time !== undefined) utimesSync(join(dir, name), time, time);
    }
    clock += 60_000;
    await store.sweep();
    expect(readdirSync(dir).sort()).toEqual(
      [
        long.id,
        `${long.id}.json`,
        '.artf_writing.part',
        'artf_fresh',
        'notes.txt',
        'artf_x.tmp',
      ].sort(),
    );
    expect(await store.stat(short.id)).toBeUndefined();
  });

  it('should sweep on put at most every sweepIntervalMs', async () => {
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const store = createFileArtifactStore({
      dir,
      sweepIntervalMs: 60_000,
      now: () => clock,
    });
    const first = await store.put({
      name: 'a.txt',
      bytes: text,
      ttlSeconds: 1,
    });
    clock += 2_000;
    await store.put({ name: 'b.txt', bytes: text });
    expect(readdirSync(dir)).toContain(first.id);
    clock += 60_000;
    await store.put({ name: 'c.txt', bytes: text });
    expect(readdirSync(dir)).not.toContain(first.id);
    expect(readdirSync(dir)).not.toContain(`${first.id}.json`);
  });

  it('should serve what an earlier store put in the same directory, under its own baseUrl', async () => {
    const artifact = await createFileArtifactStore({ dir }).put({
      name: 'a.txt',
      bytes: text,
    });
    const reopened = createFileArtifactStore({ dir, baseUrl: '/files' });
    expect(await reopened.stat(artifact.id)).toEqual({
      ...artifact,
      url: `/files/${artifact.id}`,
    });
    const found = await reopened.get(artifact.id, {
      range: { start: 2, end: 4 },
    });
    expect(found && (await new Response(found.body).text())).toBe('234');
  });

  it('should treat bytes changed behind its back as missing', async () => {
    const store = createFileArtifactStore({ dir });
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    writeFileSync(join(dir, artifact.id), 'short');
    expect(await store.get(artifact.id)).toBeUndefined();
    rmSync(join(dir, artifact.id));
    expect(await store.get(artifact.id)).toBeUndefined();
  });

  it('should never reach outside its directory', async () => {
    const store = createFileArtifactStore({ dir });
    const artifact = await store.put({ name: 'a.txt', bytes: text });
    // A complete artifact one level up, and one in a subdirectory.
    for (const place of [root, join(dir, 'sub')]) {
      mkdirSync(place, { recursive: true });
      writeFileSync(join(place, 'artf_evil'), text);
      writeFileSync(
        join(place, 'artf_evil.json'),
        JSON.stringify({ ...artifact, id: 'artf_evil' }),
      );
    }
    for (const id of [
      '../artf_evil',
      'sub/artf_evil',
      `${root}/artf_evil`,
      'artf_evil/../../artf_evil',
      '..',
      '',
    ]) {
      expect(await store.stat(id), id).toBeUndefined();
      expect(await store.get(id), id).toBeUndefined();
      await store.delete(id);
    }
    expect(existsSync(join(root, 'artf_evil'))).toBe(true);
    expect(existsSync(join(dir, 'sub', 'artf_evil.json'))).toBe(true);
  });

  it.each([
    [
      { dir: '' },
      /^createFileArtifactStore: dir must be a non-empty path \(got ""\)$/,
    ],
    [{ dir: undefined }, /dir must be a non-empty path \(got undefined\)$/],
    [
      { maxArtifactBytes: 0 },
      /^createFileArtifactStore: maxArtifactBytes must be a whole number of at least 1 \(got 0\)$/,
    ],
    [
      { maxArtifactBytes: 1.5 },
      /^createFileArtifactStore: maxArtifactBytes must be a whole number of at least 1 \(got 1\.5\)$/,
    ],
    [
      { sweepIntervalMs: Number.NaN },
      /^createFileArtifactStore: sweepIntervalMs must be a number of at least 0 \(got NaN\)$/,
    ],
    [
      { ttlSeconds: -5 },
      /^createFileArtifactStore: ttlSeconds must be a whole number from 1/,
    ],
  ])('should refuse %o at creation, naming the option', (options, message) => {
    const create = () =>
      createFileArtifactStore({ dir, ...options } as Parameters<
        typeof createFileArtifactStore
      >[0]);
    expectInvalidOption(create, message);
  });
});

/** The test file's byte at each position: `position % 251`, so an offset error shows. */
function pattern(start: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index++)
    bytes[index] = (start + index) % 251;
  return bytes;
}

/**
 * `size` pattern bytes in 1 MiB chunks, all views of one buffer (the
 * pattern repeats every 251 bytes), so making them allocates nothing.
 */
async function* patternStream(size: number): AsyncGenerator<Uint8Array> {
  const chunk = 1024 * 1024;
  const source = pattern(0, chunk + 251);
  for (let offset = 0; offset < size; offset += chunk)
    yield source.subarray(
      offset % 251,
      (offset % 251) + Math.min(chunk, size - offset),
    );
}

function readlinkFd(fd: string): string {
  return readlinkSync(`/proc/self/fd/${fd}`);
}
