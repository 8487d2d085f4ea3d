import type { Artifact, ByteRange } from '@janus/protocol';
import type { ArtifactRefusedError } from './artifact-refused-error';

/** Bytes arriving in chunks: a web stream or any async iterable (a Node `Readable` is one). */
export type ArtifactStream =
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** What {@link ArtifactStore.put} takes: the content whole (`bytes`) or as a `stream`. */
export type ArtifactPutOptions = {
  /** File name; its last path segment becomes `display_name`, its extension picks the MIME type. */
  name: string;
  /** MIME type (default: from the name, see `mimeTypeFor`). */
  mimeType?: string;
  /** Lifetime in whole seconds (default: the store's `ttlSeconds`). */
  ttlSeconds?: number;
  /** Stops reading the content; the put rejects with the reason and stores nothing. */
  signal?: AbortSignal;
} & (
  | { bytes: Uint8Array; stream?: never }
  | { stream: ArtifactStream; bytes?: never }
);

/** A live artifact's bytes, from {@link ArtifactStore.get}. */
export interface ArtifactBody {
  /** The descriptor (sha256, size, MIME type, TTL). */
  artifact: Artifact;
  /**
   * The bytes asked for (all, or the range), read as they are consumed. Read
   * it to the end or cancel it: a file store holds the file open meanwhile.
   */
  body: ReadableStream<Uint8Array>;
}

/**
 * Where a competitor keeps the files it produced, by id, until their TTL
 * ends. `createCompetitor` serves any store at `GET /artifacts/:id` (see
 * `handleArtifactRequest`); the kit has one in memory
 * (`createArtifactStore`, the default) and one in a directory
 * (`createFileArtifactStore` in `./node`). A store only ever resolves ids it
 * issued (`artf_…`), never paths.
 */
export interface ArtifactStore {
  /**
   * Stores content and returns its descriptor (`artf_` id, sha256, MIME type,
   * size, URL). Sweeps expired artifacts first. Rejects with an
   * {@link ArtifactRefusedError} when the store has no room for the content
   * (over its limit, full; nothing is kept), a `JanusError`
   * `invalid_request` for a bad name or TTL. A custom store refuses with
   * `ArtifactRefusedError` too: `collectArtifacts` then skips the file, and
   * a handler's answer is a 500, not a 413 about the client's request.
   */
  put(options: ArtifactPutOptions): Promise<Artifact>;
  /** The descriptor of a live artifact, or `undefined` (unknown or expired). */
  stat(id: string): Promise<Artifact | undefined>;
  /**
   * A live artifact's bytes as a stream, all of them or `range` (inclusive,
   * within the size, else a `RangeError`); `undefined` when unknown or
   * expired.
   */
  get(
    id: string,
    options?: { range?: ByteRange },
  ): Promise<ArtifactBody | undefined>;
  /** Forgets an artifact and frees its bytes (no-op when unknown). */
  delete(id: string): Promise<void>;
  /** Deletes expired artifacts now (also done lazily on access and on `put`). */
  sweep(): Promise<void>;
}
