/** Valid schema values shared by the schema tests (test-only). */

/** A valid artifact. */
export const validArtifact = {
  id: 'artf_9f2c1d',
  type: 'image',
  mime_type: 'image/png',
  display_name: 'plot.png',
  size_bytes: 18231,
  sha256: 'a'.repeat(64),
  created_at: '2026-11-26T12:00:04.120Z',
  ttl_seconds: 3600,
  url: '/v1/artifacts/artf_9f2c1d',
};
