import { createHash } from 'node:crypto';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat as statFile,
  writeFile,
} from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import {
  type Artifact,
  artifactSchema,
  safeParseJsonWith,
} from '@janus/protocol';
import { ArtifactRefusedError } from '../artifacts/artifact-refused-error';
import type { ArtifactStore } from '../artifacts/artifact-store';
import {
  checkArtifactRange,
  describeArtifact,
  expiresAt,
  isArtifactId,
  newArtifactId,
} from '../internal/artifact-descriptor';
import {
  checkPutOptions,
  checkStoreOptions,
} from '../internal/check-artifact-options';
import {
  checkNumberOption,
  describeValue,
  invalidOption,
} from '../internal/check-number-option';
import { readContent } from '../internal/read-content';
import { fileRangeStream } from './file-range-stream';
import { syncDir } from './sync-dir';

/** Options of {@link createFileArtifactStore}. */
export interface FileArtifactStoreOptions {
  /** The directory (created, mode 0700, if missing). One store per directory. */
  dir: string;
  /** Default lifetime, whole seconds (default 3600). */
  ttlSeconds?: number;
  /** URL prefix in descriptors (default `/artifacts`, relative to the competitor). */
  baseUrl?: string;
  /** Largest artifact taken, whole bytes from 1 (default: no limit but the disk's). */
  maxArtifactBytes?: number;
  /** `put` sweeps the directory at most this often, in ms (default 60 000; 0: every put). */
  sweepIntervalMs?: number;
  /** Clock in ms (tests). */
  now?: () => number;
}

/** Leftovers of interrupted writes older than this are removed by a sweep. */
const STALE_MS = 60 * 60 * 1000;

/** The store's own files: `artf_…` (bytes), `artf_….json` (descriptor), `.artf_…[.json].part` (being written). */
function classify(
  name: string,
): { kind: 'bytes' | 'descriptor' | 'part'; id: string } | undefined {
  const match =
    /^(\.?)(artf_[A-Za-z0-9_-]{1,64})((?:\.json)?)((?:\.part)?)$/.exec(name);
  if (!match) return undefined;
  const [, dot, id = '', json, part] = match;
  if (dot && part) return { kind: 'part', id };
  if (dot || part) return undefined;
  return { kind: json ? 'descriptor' : 'bytes', id };
}

/**
 * Creates an artifact store in a directory, for files too large or too many
 * for memory. Each artifact is two files named by its id only (no request
 * path reaches the file system): the bytes, and the descriptor as JSON.
 * Writes stream to a temp file while the sha256 is computed, then are
 * synced to disk and renamed into place, bytes first and descriptor last,
 * so a reader sees a whole artifact or none; the directory is synced
 * before `put` returns, so an artifact a client was told about survives a
 * power loss (best effort where a directory cannot be synced). Reads
 * stream the bytes asked for (a `Range` included) straight from the file,
 * a chunk at a time. Sweeps (every
 * `sweepIntervalMs` on `put`, on access, and `sweep()`) delete expired
 * artifacts and, after an hour, the leftovers of interrupted writes; files
 * with other names are left alone. Artifacts outlive a restart with the
 * same directory until their TTL.
 *
 * @param options See {@link FileArtifactStoreOptions}. A bad option throws
 *   a `JanusError` (`invalid_request`) naming it.
 * @returns An {@link ArtifactStore}, with the resolved `dir`.
 * @example
 * ```ts
 * const artifacts = createFileArtifactStore({ dir: '/var/lib/my-competitor/artifacts' });
 * const competitor = createCompetitor({ id, name, handle, artifacts });
 * ```
 */
export function createFileArtifactStore(
  options: FileArtifactStoreOptions,
): ArtifactStore & { readonly dir: string } {
  const owner = 'createFileArtifactStore';
  if (typeof options?.dir !== 'string' || options.dir === '')
    throw invalidOption(
      `${owner}: dir must be a non-empty path (got ${describeValue(options?.dir)})`,
    );
  const dir = resolve(options.dir);
  const { ttlSeconds, baseUrl } = checkStoreOptions({
    owner,
    ttlSeconds: options.ttlSeconds,
    baseUrl: options.baseUrl,
  });
  const maxArtifactBytes = checkNumberOption({
    owner,
    name: 'maxArtifactBytes',
    value: options.maxArtifactBytes,
    fallback: Number.POSITIVE_INFINITY,
    // As the memory store's `maxBytes`: a store that takes no byte is a
    // mistake (0 would still take empty files, and nothing else).
    min: 1,
    integer: true,
  });
  const sweepIntervalMs = checkNumberOption({
    owner,
    name: 'sweepIntervalMs',
    value: options.sweepIntervalMs,
    fallback: 60_000,
    min: 0,
  });
  const now = options.now ?? Date.now;
  let ready: Promise<unknown> | undefined;
  const ensureDir = () => {
    ready ??= mkdir(dir, { recursive: true, mode: 0o700 })
      .then(async created => {
        // Each directory made here is a name in its parent, durable only
        // once the parent is synced: from `dir`'s parent up to the parent
        // of the first one made.
        if (created === undefined) return;
        let path = dir;
        do {
          path = dirname(path);
          await syncDir(path);
        } while (path !== dirname(created) && path !== dirname(path));
      })
      .catch(error => {
        ready = undefined;
        throw error;
      });
    return ready;
  };
  let sweptAt = Number.NEGATIVE_INFINITY;
  const bytesPath = (id: string) => join(dir, id);
  const descriptorPath = (id: string) => join(dir, `${id}.json`);

  const readDescriptor = async (id: string): Promise<Artifact | undefined> => {
    let text: string;
    try {
      // The small descriptor file, never the bytes.
      text = await readFile(descriptorPath(id), 'utf8');
    } catch {
      return undefined;
    }
    const result = safeParseJsonWith({ text, schema: artifactSchema });
    if (!result.success || result.value.id !== id) return undefined;
    // The URL follows this store's `baseUrl`, whoever wrote the file.
    return { ...result.value, url: `${baseUrl}/${id}` };
  };
  const remove = async (id: string) => {
    // Descriptor first: from then on the artifact is gone for readers.
    await rm(descriptorPath(id), { force: true });
    await rm(bytesPath(id), { force: true });
  };
  const live = async (id: string): Promise<Artifact | undefined> => {
    if (!isArtifactId(id)) return undefined;
    const artifact = await readDescriptor(id);
    if (artifact && expiresAt(artifact) <= now()) {
      await remove(id);
      return undefined;
    }
    return artifact;
  };

  const store: ArtifactStore & { readonly dir: string } = {
    dir,
    async put(put) {
      const { name, ttlSeconds: ttl } = checkPutOptions(put, ttlSeconds);
      // A full disk is the store's refusal, as a full memory store's is (it
      // is no failure of the content, nor of the request): an
      // `ArtifactRefusedError`, which `collectArtifacts` skips. Only the
      // store's own writes and fsyncs are refused so; an ENOSPC the
      // content's source throws stays as it is.
      const refuseIfFull = (error: unknown): never => {
        if (!isDiskFull(error)) throw error;
        // The code only: the system's message names the directory, and a
        // handler's 500 tells the client this message (the cause has it).
        throw new ArtifactRefusedError({
          message: `${owner}: ${name} does not fit: the disk is full (${error.code})`,
          cause: error,
        });
      };
      await ensureDir().catch(refuseIfFull);
      if (now() - sweptAt >= sweepIntervalMs) await store.sweep();
      const id = newArtifactId();
      const partPath = join(dir, `.${id}.part`);
      const hash = createHash('sha256');
      let size = 0;
      // No inode left fails here, before there is anything to remove.
      const file = await open(partPath, 'wx', 0o600).catch(refuseIfFull);
      try {
        try {
          for await (const chunk of readContent(put)) {
            size += chunk.length;
            if (size > maxArtifactBytes)
              throw new ArtifactRefusedError({
                message: `${owner}: ${name} is over maxArtifactBytes (${maxArtifactBytes})`,
              });
            // Hashed as it is written: the bytes are read once.
            hash.update(chunk);
            await writeAll(file, chunk).catch(refuseIfFull);
          }
          // On disk before it is named: else a power loss after the rename
          // can leave the artifact's name on an empty or partial file
          // (ext4's delayed allocation, XFS).
          await file.sync().catch(refuseIfFull);
        } catch (error) {
          // The put's own error counts, not a close that fails after it.
          await file.close().catch(() => {});
          throw error;
        }
        // Some file systems (NFS) report a full disk only at close.
        await file.close().catch(refuseIfFull);
        const artifact = describeArtifact({
          id,
          name,
          mimeType: put.mimeType,
          size,
          sha256: hash.digest('hex'),
          createdAt: now(),
          ttlSeconds: ttl,
          baseUrl,
        });
        await rename(partPath, bytesPath(id)).catch(refuseIfFull);
        const descriptorPart = join(dir, `.${id}.json.part`);
        // `flush`: synced before it is named, as the bytes are.
        await writeFile(descriptorPart, JSON.stringify(artifact), {
          mode: 0o600,
          flag: 'wx',
          flush: true,
        }).catch(refuseIfFull);
        await rename(descriptorPart, descriptorPath(id)).catch(refuseIfFull);
        // Both names are entries of `dir`, and an fsync of a directory makes
        // all its entries durable: one, before the caller is told. (A power
        // loss between the renames and this may keep the descriptor without
        // the bytes: an artifact nobody was told about, which `get` answers
        // as missing and a sweep removes.)
        await syncDir(dir).catch(refuseIfFull);
        return artifact;
      } catch (error) {
        // Nothing of a failed put stays; the put's own error is what counts.
        // The descriptor first: from then on the artifact is gone for readers.
        await rm(descriptorPath(id), { force: true }).catch(() => {});
        await Promise.allSettled(
          [partPath, join(dir, `.${id}.json.part`), bytesPath(id)].map(path =>
            rm(path, { force: true }),
          ),
        );
        throw error;
      }
    },
    stat: live,
    async get(id, getOptions = {}) {
      const artifact = await live(id);
      if (!artifact) return undefined;
      // Opened now, not at the first read: a sweep or `delete` between the
      // answer's headers and its body must not cut the body short (an open
      // file outlives its name).
      const handle = await open(bytesPath(id), 'r').catch(() => undefined);
      if (handle === undefined) return undefined;
      let size: number | undefined;
      try {
        size = (await handle.stat()).size;
        // Not the bytes described (changed behind our back).
        if (size !== artifact.size_bytes) size = undefined;
      } catch {
        size = undefined;
      }
      if (size === undefined) {
        await handle.close().catch(() => {});
        return undefined;
      }
      let range: { start: number; end: number };
      try {
        range = checkArtifactRange(getOptions.range, size);
      } catch (error) {
        await handle.close().catch(() => {});
        throw error;
      }
      return {
        artifact,
        body: fileRangeStream({ handle, ...range }),
      };
    },
    async delete(id) {
      if (isArtifactId(id)) await remove(id);
    },
    async sweep() {
      sweptAt = now();
      let names: string[];
      try {
        names = await readdir(dir);
      } catch {
        return; // Not created yet: nothing to sweep.
      }
      const present = new Set(names);
      for (const name of names) {
        const file = classify(name);
        if (file?.kind === 'descriptor') {
          const artifact = await readDescriptor(file.id);
          // An unreadable descriptor is removed once it is old.
          if (artifact ? expiresAt(artifact) <= now() : await stale(name))
            await remove(file.id);
        } else if (
          file?.kind === 'part' ||
          (file?.kind === 'bytes' && !present.has(`${file.id}.json`))
        ) {
          // An interrupted write: a part file, or bytes never described.
          if (await stale(name)) await rm(join(dir, name), { force: true });
        }
        // Anything else is not the store's: left alone.
      }
    },
  };
  const stale = async (name: string) => {
    const found = await statFile(join(dir, name)).catch(() => undefined);
    // File times are the system's, not the injected clock's.
    return found !== undefined && found.mtimeMs < Date.now() - STALE_MS;
  };
  return store;
}

/** Whether `error` is the system's "no room": a full disk or a full quota. */
function isDiskFull(error: unknown): error is NodeJS.ErrnoException {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return error instanceof Error && (code === 'ENOSPC' || code === 'EDQUOT');
}

/** Writes all of `chunk` at the file's position (a write may take part of it). */
async function writeAll(file: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.length) {
    const { bytesWritten } = await file.write(
      chunk,
      offset,
      chunk.length - offset,
    );
    offset += bytesWritten;
  }
}
