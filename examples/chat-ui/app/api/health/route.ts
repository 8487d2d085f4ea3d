import { proxyToGateway } from '../../../src/server/proxy-to-gateway';

export const dynamic = 'force-dynamic';

/** `GET /api/health` → gateway `GET /health` (gateway and competitor health). */
export function GET(request: Request): Promise<Response> {
  return proxyToGateway({ request, path: '/health' });
}
