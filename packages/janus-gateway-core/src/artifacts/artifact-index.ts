/** What the gateway remembers about one artifact it rewrote. */
export interface ArtifactRecord {
  /** The gateway id (`artf_…`) clients use in `/v1/artifacts/:id`. */
  id: string;
  /** The competitor that produced it. */
  competitorId: string;
  /** Absolute competitor-side URL (origin already checked). */
  upstreamUrl: string;
  mimeType: string;
  displayName: string;
  sizeBytes?: number;
  /** Lowercase hex SHA-256, when the competitor gave one. */
  sha256?: string;
  /** Epoch milliseconds after which the record is gone. */
  expiresAt: number;
}

/**
 * Maps gateway artifact ids to competitor URLs. The in-memory default is
 * {@link InMemoryArtifactIndex}; several replicas would share a Redis-backed
 * implementation.
 */
export interface ArtifactIndex {
  put(record: ArtifactRecord): Promise<void>;
  /** The live record, or `undefined` when unknown or expired. */
  get(id: string): Promise<ArtifactRecord | undefined>;
}

/**
 * Artifact records in a `Map`, expired lazily on `get` and swept on `put`;
 * at most `maxEntries` (oldest dropped first) so memory stays bounded.
 */
export class InMemoryArtifactIndex implements ArtifactIndex {
  private readonly records = new Map<string, ArtifactRecord>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  /**
   * @param options.maxEntries Cap on records kept (default 100 000).
   * @param options._internal.now Clock injection for tests.
   */
  constructor(
    options: { maxEntries?: number; _internal?: { now?: () => number } } = {},
  ) {
    this.maxEntries = options.maxEntries ?? 100_000;
    this.now = options._internal?.now ?? Date.now;
  }

  async put(record: ArtifactRecord): Promise<void> {
    this.records.delete(record.id);
    this.records.set(record.id, record);
    if (this.records.size > this.maxEntries) {
      // Maps iterate in insertion order: the first key is the oldest.
      const oldest = this.records.keys().next().value;
      if (oldest !== undefined) this.records.delete(oldest);
    }
  }

  async get(id: string): Promise<ArtifactRecord | undefined> {
    const record = this.records.get(id);
    if (record === undefined) return undefined;
    if (record.expiresAt <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return record;
  }

  /** Records held (expired ones included until touched). */
  get size(): number {
    return this.records.size;
  }
}
