import { createErrorResponse, JanusError } from '@janus/protocol';
import { proxyToGateway } from '../../../../src/server/proxy-to-gateway';

export const dynamic = 'force-dynamic';

/**
 * `GET /api/artifacts/:id` → gateway `GET /v1/artifacts/:id`: the only way
 * the UI fetches artifact bytes (same origin, so previews and downloads work
 * without CORS). Range requests pass through. Served sandboxed with
 * `nosniff` whatever the gateway sends: an agent-made HTML or SVG opened in a
 * tab must not run scripts in the UI's origin (which holds the history).
 * `?inline` turns `content-disposition: attachment` into `inline`, so the
 * card's sandboxed preview frame shows an HTML page instead of downloading
 * it; the sandbox CSP applies either way.
 */
export async function GET(
  request: Request,
  context: { params: Promise<{ id: string }> },
): Promise<Response> {
  const { id } = await context.params;
  if (!/^artf_[A-Za-z0-9_-]+$/.test(id)) {
    return createErrorResponse(
      new JanusError({
        message: `Not an artifact id: ${id}`,
        code: 'not_found',
      }),
    );
  }
  const response = await proxyToGateway({
    request,
    path: `/v1/artifacts/${id}`,
    setResponseHeaders: {
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
    },
  });
  const disposition = response.headers.get('content-disposition');
  if (disposition && new URL(request.url).searchParams.has('inline'))
    response.headers.set(
      'content-disposition',
      disposition.replace(/^\s*attachment\b/i, 'inline'),
    );
  return response;
}
