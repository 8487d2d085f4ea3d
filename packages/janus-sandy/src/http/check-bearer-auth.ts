import { createHash, timingSafeEqual } from 'node:crypto';
import { JanusError } from '@janus/protocol';

/**
 * Checks `Authorization: Bearer <key>` in constant time (digests of equal
 * length are compared, so the key length does not leak either).
 * Throws 401 `unauthorized` when it does not match.
 */
export function checkBearerAuth(request: Request, apiKey: string): void {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const given = createHash('sha256')
    .update(match?.[1] ?? '')
    .digest();
  const expected = createHash('sha256').update(apiKey).digest();
  if (!match || !timingSafeEqual(given, expected))
    throw new JanusError({
      message:
        'Missing or invalid API key: send Authorization: Bearer <JANUS_SANDY_API_KEY>',
      code: 'unauthorized',
    });
}
