import { JanusError } from '@janus/protocol';

const marker = 'janus.error.ArtifactRefusedError';
const symbol = Symbol.for(marker);

/**
 * An artifact store will not keep this content: no room (over a limit, a
 * full store, a full disk or quota). It is the store's answer, not a fault
 * of the content or of the client's request, so `collectArtifacts` skips
 * the file with an `artifact skipped` warning, and a handler that lets it
 * through answers 500 `internal_error` ("The competitor could not store an
 * artifact: …") rather than the 413 of its code. The kit's stores throw it;
 * throw it from a custom {@link ArtifactStore} to refuse the same way, and
 * keep nothing of the content. Any other error from `put` fails the answer.
 *
 * Its `code` is `payload_too_large`, so code that checked the code of the
 * kit's refusals keeps working. Check it with
 * `ArtifactRefusedError.isInstance(error)`, which holds across copies of
 * the kit, not `instanceof`.
 *
 * @example
 * ```ts
 * import { ArtifactRefusedError, type ArtifactStore } from '@janus/competitor-kit';
 *
 * async put(options) {
 *   try {
 *     return await upload(options);
 *   } catch (error) {
 *     if (isQuotaExceeded(error))
 *       throw new ArtifactRefusedError({
 *         message: `bucket: ${options.name} does not fit: the quota is reached`,
 *         cause: error,
 *       });
 *     throw error;
 *   }
 * }
 * ```
 */
export class ArtifactRefusedError extends JanusError {
  // The brand checked by isInstance (works across package copies).
  protected readonly [symbol] = true;
  declare readonly code: 'payload_too_large';

  /**
   * @param options.message Told to the client (a handler's 500) and to the
   *   log (`collectArtifacts`' warning): name the store and the artifact,
   *   not paths or credentials.
   * @param options.cause The underlying error (the system's, the service's).
   */
  constructor(options: { message: string; cause?: unknown }) {
    super({
      message: options.message,
      code: 'payload_too_large',
      cause: options.cause,
    });
    this.name = 'ArtifactRefusedError';
  }

  /** Whether `error` is an {@link ArtifactRefusedError} (from any copy of the kit). */
  static override isInstance(error: unknown): error is ArtifactRefusedError {
    return JanusError.hasMarker(error, marker);
  }
}
