import { z } from 'zod/v4';

/**
 * A file produced by a competitor (usually by an agent in a sandbox). Clients
 * only ever see gateway URLs (`/v1/artifacts/:id`); competitors emit their own
 * URL and the gateway rewrites it. Strict: a Janus extension.
 */
export const artifactSchema = z.strictObject({
  /** Stable id, `artf_` followed by letters/digits. */
  id: z
    .string()
    .regex(/^artf_[A-Za-z0-9_-]+$/, 'Artifact ids start with artf_'),
  /** `image` for `image/*` MIME types, `file` for everything else. */
  type: z.enum(['file', 'image']),
  /** MIME type of the bytes, e.g. `text/plain`. */
  mime_type: z.string().min(1),
  /** File name to show and to download as. */
  display_name: z.string().min(1),
  /** Size of the bytes. */
  size_bytes: z.number().int().nonnegative(),
  /** Lowercase hex SHA-256 of the bytes. */
  sha256: z
    .string()
    .regex(/^[a-f0-9]{64}$/, 'sha256 must be 64 lowercase hex characters'),
  /** ISO 8601 creation time. */
  created_at: z.string(),
  /** Seconds after `created_at` until the artifact may disappear. */
  ttl_seconds: z.number().int().nonnegative(),
  /** Where to fetch the bytes: absolute, or relative to the server that sent it. */
  url: z.string().min(1),
});
/** A file produced by a competitor. */
export type Artifact = z.infer<typeof artifactSchema>;
