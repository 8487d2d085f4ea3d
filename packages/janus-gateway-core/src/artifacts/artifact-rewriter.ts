import type { Artifact } from '@janus/protocol';
import type { Logger } from '../observability/logger';
import type { ArtifactIndex } from './artifact-index';

/** Longest time the gateway serves an artifact, whatever its `ttl_seconds` says. */
const MAX_TTL_SECONDS = 24 * 60 * 60;

/**
 * Rewrites competitor artifact URLs to gateway URLs (`/v1/artifacts/:id`) and
 * remembers where each one lives. A URL is recorded only when it resolves
 * (against the competitor's base URL) to the competitor's own origin or one
 * of its configured `artifactOrigins`: the proxy can never be pointed at an
 * arbitrary host (no SSRF). Refused items are dropped and logged. `data:`
 * URLs are inline bytes and pass unchanged.
 *
 * @internal
 */
export class ArtifactRewriter {
  // Parsed on first use: most streams carry no artifacts, and every request
  // makes a rewriter before it goes upstream.
  private origins: Set<string> | undefined;
  // One gateway id per competitor URL within a request (an artifact can be
  // listed in several events and in `message.artifacts`). Both made on
  // first use, like `origins`: a rewriter lives as long as its stream.
  private seen: Map<string, string> | undefined;
  // Refused URLs, logged once per request for the same reason.
  private refused: Set<string> | undefined;

  constructor(
    private readonly options: {
      index: ArtifactIndex;
      competitorId: string;
      competitorUrl: string;
      artifactOrigins?: string[];
      publicBaseUrl?: string;
      logger: Logger;
      requestId: string;
    },
  ) {}

  private get allowedOrigins(): Set<string> {
    this.origins ??= new Set(
      [this.options.competitorUrl, ...(this.options.artifactOrigins ?? [])].map(
        url => new URL(url).origin,
      ),
    );
    return this.origins;
  }

  /** Returns the items with gateway URLs (and gateway ids), recording each. */
  async rewrite(items: readonly Artifact[]): Promise<Artifact[]> {
    const result: Artifact[] = [];
    for (const item of items) {
      if (item.url.startsWith('data:')) {
        result.push(item);
        continue;
      }
      const upstreamUrl = this.resolve(item.url);
      if (upstreamUrl === undefined) {
        this.refused ??= new Set();
        if (this.refused.has(item.url)) continue;
        this.refused.add(item.url);
        this.options.logger.log({
          level: 'warn',
          msg: 'artifact.refused',
          request_id: this.options.requestId,
          competitor: this.options.competitorId,
          artifact_id: item.id,
          reason: 'URL origin is not the competitor',
        });
        continue;
      }
      this.seen ??= new Map();
      const known = this.seen.get(upstreamUrl);
      const id = known ?? `artf_${crypto.randomUUID().replaceAll('-', '')}`;
      this.seen.set(upstreamUrl, id);
      const ttlSeconds = Math.min(item.ttl_seconds, MAX_TTL_SECONDS);
      await this.options.index.put({
        id,
        competitorId: this.options.competitorId,
        upstreamUrl,
        mimeType: item.mime_type,
        displayName: item.display_name,
        sizeBytes: item.size_bytes,
        sha256: item.sha256,
        expiresAt: Date.now() + ttlSeconds * 1000,
      });
      const path = `/v1/artifacts/${id}`;
      result.push({
        ...item,
        id,
        url: `${this.options.publicBaseUrl ?? ''}${path}`,
      });
    }
    return result;
  }

  /** Logs artifacts events that failed the strict schema and were removed. */
  reportInvalid(count: number): void {
    this.options.logger.log({
      level: 'warn',
      msg: 'artifact.invalid_event',
      request_id: this.options.requestId,
      competitor: this.options.competitorId,
      removed: count,
    });
  }

  private resolve(url: string): string | undefined {
    let resolved: URL;
    try {
      // The competitor URL is a base the gateway appends paths to: a
      // relative `files/x` lives under it, even without a trailing slash.
      resolved = new URL(url, withTrailingSlash(this.options.competitorUrl));
    } catch {
      return undefined;
    }
    if (resolved.protocol !== 'http:' && resolved.protocol !== 'https:')
      return undefined;
    if (resolved.username !== '' || resolved.password !== '') return undefined;
    return this.allowedOrigins.has(resolved.origin) ? resolved.href : undefined;
  }
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
