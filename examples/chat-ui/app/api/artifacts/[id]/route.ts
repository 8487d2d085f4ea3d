import { createErrorResponse, JanusError } from '@janus/protocol';
import { proxyToGateway } from '../../../../src/server/proxy-to-gateway';

export const dynamic = 'force-dynamic';

/**
 * `GET /api/artifacts/:id` → gateway `GET /v1/artifacts/:id`: the only way
 * the UI fetches artifact bytes (same origin, so previews and downloads work
 * without CORS). Range requests pass through.
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
  return proxyToGateway({ request, path: `/v1/artifacts/${id}` });
}
