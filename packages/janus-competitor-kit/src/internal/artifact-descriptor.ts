import { type Artifact, type ByteRange, JanusError } from '@janus/protocol';
import { ArtifactRefusedError } from '../artifacts/artifact-refused-error';
import { mimeTypeFor } from '../artifacts/mime-type-for';
import { randomId } from './random-id';

/**
 * The ids the stores issue and accept. Nothing else ever reaches a map key
 * or a file name: no dots, no slashes, bounded length.
 */
const artifactIdPattern = /^artf_[A-Za-z0-9_-]{1,64}$/;

/** A new random artifact id (`artf_` + 24 hex characters). */
export function newArtifactId(): string {
  return `artf_${randomId(24)}`;
}

/** Whether `id` has the form of an id the stores issue (safe as a file name). */
export function isArtifactId(id: unknown): id is string {
  return typeof id === 'string' && artifactIdPattern.test(id);
}

/** The descriptor of stored bytes (the wire `Artifact`). */
export function describeArtifact(options: {
  id: string;
  name: string;
  mimeType: string | undefined;
  size: number;
  sha256: string;
  createdAt: number;
  ttlSeconds: number;
  baseUrl: string;
}): Artifact {
  const mime = options.mimeType ?? mimeTypeFor(options.name);
  return {
    id: options.id,
    type: mime.startsWith('image/') ? 'image' : 'file',
    mime_type: mime,
    display_name: options.name.split('/').pop() || options.name,
    size_bytes: options.size,
    sha256: options.sha256,
    created_at: new Date(options.createdAt).toISOString(),
    ttl_seconds: options.ttlSeconds,
    url: `${options.baseUrl}/${options.id}`,
  };
}

/** When an artifact expires, in ms since the epoch. */
export function expiresAt(artifact: Artifact): number {
  return Date.parse(artifact.created_at) + artifact.ttl_seconds * 1000;
}

/** Lowercase hex of a digest. */
export function toHex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * The inclusive range to read of an artifact of `size` bytes: all of it
 * without `range`. A range outside the bytes is a caller's bug (the server
 * parses `Range` against the size first): `RangeError`.
 */
export function checkArtifactRange(
  range: ByteRange | undefined,
  size: number,
): ByteRange {
  if (range === undefined) return { start: 0, end: size - 1 };
  const { start, end } = range;
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    start < 0 ||
    end < start ||
    end >= size
  )
    throw new RangeError(
      `get: range ${start}-${end} is not within the artifact's ${size} bytes`,
    );
  return { start, end };
}

/**
 * The error a client is answered for a handler's failure: a store's refusal
 * ({@link ArtifactRefusedError}) becomes a 500 `internal_error` that keeps
 * its message, since the client's request was not too large; anything else
 * is left as it is (a handler's own `payload_too_large` about its input
 * stays 413).
 */
export function toAnswerError(error: unknown): unknown {
  if (!ArtifactRefusedError.isInstance(error)) return error;
  return new JanusError({
    message: `The competitor could not store an artifact: ${error.message}`,
    code: 'internal_error',
    cause: error,
  });
}
