/** The identity behind a valid API key. */
export interface ApiKeyIdentity {
  /** A stable, non-secret id for logs and rate-limit buckets. */
  keyId: string;
}

/**
 * Verifies client API keys. The in-memory default is
 * {@link InMemoryApiKeyStore}; a Redis/DB-backed store implements the same
 * interface.
 */
export interface ApiKeyStore {
  /** The identity for `key`, or `undefined` when the key is not valid. */
  verify(key: string): Promise<ApiKeyIdentity | undefined>;
}

/**
 * Keys held in memory. Keys are compared as SHA-256 digests with a
 * constant-time loop over every stored key, so neither the position of the
 * first differing byte nor which key matched leaks through timing.
 *
 * @example
 * ```ts
 * const auth = { store: new InMemoryApiKeyStore({ keys: ['sk-one', 'sk-two'] }) };
 * ```
 */
export class InMemoryApiKeyStore implements ApiKeyStore {
  private readonly digests: Promise<
    { digest: Uint8Array; identity: ApiKeyIdentity }[]
  >;

  /**
   * @param options.keys Plain keys or `{ key, keyId }` pairs. A plain key's
   *   id is `key_` and the first 8 hex digits of its SHA-256: the same
   *   whatever the order of the list (rate-limit buckets and logs follow a
   *   key, not its position), and of no use for guessing the key.
   */
  constructor(options: { keys: (string | { key: string; keyId: string })[] }) {
    this.digests = Promise.all(
      options.keys.map(async entry => {
        const key = typeof entry === 'string' ? entry : entry.key;
        const digest = await sha256(key);
        const keyId =
          typeof entry === 'string' ? `key_${hex(digest, 4)}` : entry.keyId;
        return { digest, identity: { keyId } };
      }),
    );
  }

  async verify(key: string): Promise<ApiKeyIdentity | undefined> {
    const candidate = await sha256(key);
    let found: ApiKeyIdentity | undefined;
    for (const entry of await this.digests) {
      // No early exit: every key is compared in full.
      if (constantTimeEqual(candidate, entry.digest)) found = entry.identity;
    }
    return found;
  }
}

/** The first `bytes` bytes of `digest` as lower-case hex. */
function hex(digest: Uint8Array, bytes: number): string {
  let text = '';
  for (const byte of digest.subarray(0, bytes))
    text += byte.toString(16).padStart(2, '0');
  return text;
}

/**
 * Compares two byte arrays in time that depends only on their length, for an
 * {@link ApiKeyStore} of your own. Compare fixed-length digests (SHA-256 of
 * the presented key against stored SHA-256 digests), never the keys
 * themselves: arrays of different lengths are unequal at once, so the
 * length of a stored key would leak.
 *
 * @example
 * ```ts
 * const digest = async (text: string) =>
 *   new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
 * const ok = constantTimeEqual(await digest(presented), storedDigest);
 * ```
 */
export function constantTimeEqual(
  left: Uint8Array,
  right: Uint8Array,
): boolean {
  if (left.length !== right.length) return false;
  let difference = 0;
  for (let index = 0; index < left.length; index++)
    difference |= (left[index] ?? 0) ^ (right[index] ?? 0);
  return difference === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  const data = new TextEncoder().encode(text);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', data));
}
