import { proxyToGateway } from '../../../src/server/proxy-to-gateway';

export const dynamic = 'force-dynamic';

/** `GET /api/models` → gateway `GET /v1/models` (the competitors). */
export function GET(request: Request): Promise<Response> {
  return proxyToGateway({ request, path: '/v1/models' });
}
