import type { SandboxInfo } from '@janus/protocol';
import type { ResolvedAgentConfig } from '../agent/agent-config';
import type { SandboxManager } from '../core/sandbox-manager';

/**
 * What every route handler receives.
 *
 * @internal
 */
export interface RouteContext {
  request: Request;
  url: URL;
  manager: SandboxManager;
  /** Public base URL of this service (no trailing slash). */
  baseUrl: string;
  /** Largest JSON body (bytes). */
  maxBodyBytes: number;
  /** Refuse JSON bodies not declared `application/json` (no API key: see `checkKeylessRequest`). */
  requireJsonContentType: boolean;
  agent: ResolvedAgentConfig;
}

/** Adds the sandbox's public URL (`<base>/sandbox/<id>`, the artifact base) to its info. */
export function withPublicUrl<T extends SandboxInfo>(
  info: T,
  baseUrl: string,
): T {
  return { ...info, url: info.url ?? `${baseUrl}/sandbox/${info.sandboxId}` };
}
