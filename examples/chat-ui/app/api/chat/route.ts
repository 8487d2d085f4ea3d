import { proxyToGateway } from '../../../src/server/proxy-to-gateway';

export const dynamic = 'force-dynamic';

/** `POST /api/chat` → gateway `POST /v1/chat/completions`, streamed through. */
export function POST(request: Request): Promise<Response> {
  return proxyToGateway({ request, path: '/v1/chat/completions' });
}
