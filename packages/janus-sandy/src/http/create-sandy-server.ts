import {
  answerUnservedMethod,
  createErrorResponse,
  toHeadResponse,
  toJanusError,
} from '@janus/protocol';
import {
  resolveAgentConfig,
  type SandyAgentOptions,
} from '../agent/agent-config';
import { SandboxManager } from '../core/sandbox-manager';
import type { SandboxManagerOptions } from '../core/sandbox-manager-options';
import { statusOverrideFor } from '../core/sandy-errors';
import { createJsonLogger } from '../logger';
import { VERSION } from '../version';
import { handleAgentCancel, handleAgentRun } from './agent-routes';
import { handleArtifact, routeNotFound } from './artifact-route';
import { checkBearerAuth } from './check-bearer-auth';
import { checkKeylessRequest } from './check-keyless-request';
import { handleExecStream } from './exec-stream-route';
import { handleFileList, handleFileRead, handleFileWrite } from './file-routes';
import { type ListeningServer, listenNode } from './listen-node';
import type { RouteContext } from './route-context';
import {
  handleCreate,
  handleExec,
  handleGet,
  handleRefresh,
  handleTerminate,
} from './sandbox-routes';

/** Options of {@link createSandyServer}: the manager's options plus the HTTP layer's. */
export interface SandyServerOptions extends SandboxManagerOptions {
  /** Use this manager instead of creating one (its own options then apply). */
  manager?: SandboxManager;
  /**
   * Require `Authorization: Bearer <apiKey>` on `/api/*` (`JANUS_SANDY_API_KEY`).
   * Without one, requests must name a loopback or IP `Host` (or the
   * `publicUrl` host), carry no foreign `Origin`, and declare JSON bodies
   * `application/json`, so web pages cannot drive the API (DNS rebinding,
   * cross-site forms). `undefined` is accepted (under
   * `exactOptionalPropertyTypes` too), so `process.env.…` can be passed as is.
   */
  apiKey?: string | undefined;
  /** Also require it for `/sandbox/:id/artifacts/*` (default false: the unguessable id is the capability, as with hosted Sandy's public URLs). */
  artifactsRequireAuth?: boolean;
  /** Public base URL for sandbox `url`s (default: the request's origin). */
  publicUrl?: string | undefined;
  /** Largest JSON body in bytes (default 64 MiB; base64 file writes). */
  maxBodyBytes?: number;
  /** The built-in agent. */
  agent?: SandyAgentOptions;
}

/** A Sandy service: a Fetch handler plus a `node:http` listener. */
export interface SandyServer {
  /** Handles one request (mount it anywhere that speaks Fetch). */
  fetch(request: Request): Promise<Response>;
  /** Serves `fetch` on a socket (default `127.0.0.1`, port 0). */
  listen(options?: { port?: number; host?: string }): Promise<ListeningServer>;
  /** The sandbox manager behind the API. */
  readonly manager: SandboxManager;
  /**
   * Closes listeners and terminates every sandbox (when the manager is ours);
   * requests in flight get their answers first (commands killed: 137).
   */
  close(): Promise<void>;
}

const sandboxRoute =
  /^\/api\/sandboxes\/([A-Za-z0-9_-]{1,128})(?:\/(.+?))?\/?$/;
const artifactRoute = /^\/sandbox\/([A-Za-z0-9_-]{1,128})\/artifacts\/(.+)$/;

type SandboxHandler = (
  context: RouteContext,
  id: string,
) => Response | Promise<Response>;

/** `/api/sandboxes/:id/<action>`: the handler of each method, per action. */
const sandboxActions: Record<string, Record<string, SandboxHandler>> = {
  '': { GET: handleGet, DELETE: handleTerminate },
  exec: { POST: handleExec },
  'exec/stream': { POST: handleExecStream },
  'files/write': { POST: handleFileWrite },
  'files/read': { GET: handleFileRead },
  'files/list': { GET: handleFileList },
  refresh: { POST: handleRefresh },
  terminate: { POST: handleTerminate },
  'agent/run': { POST: handleAgentRun },
  'agent/cancel': { POST: handleAgentCancel },
};

/** `record[key]` if it is the record's own (never `constructor`, `toString`, …). */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * Creates the Sandy-compatible service (`/api/sandboxes/*`,
 * `/sandbox/:id/artifacts/*`, `/health`). Errors are JSON
 * `{error:{message,type,param,code}}` with 400/401/404/409/413/429.
 *
 * @example
 * ```ts
 * const sandy = createSandyServer({ apiKey: process.env.JANUS_SANDY_API_KEY });
 * const { url } = await sandy.listen({ port: 8787 });
 * ```
 */
export function createSandyServer(
  options: SandyServerOptions = {},
): SandyServer {
  const logger = options.logger ?? createJsonLogger();
  const ownsManager = options.manager === undefined;
  const manager = options.manager ?? new SandboxManager({ ...options, logger });
  const agent = resolveAgentConfig(options.agent);
  const maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const listeners = new Set<ListeningServer>();
  const publicHost = options.publicUrl
    ? new URL(options.publicUrl).hostname
    : undefined;

  const route = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const method = request.method;
    if (!options.apiKey) checkKeylessRequest(request, url, { publicHost });
    const context: RouteContext = {
      request,
      url,
      manager,
      baseUrl: (options.publicUrl ?? url.origin).replace(/\/+$/, ''),
      maxBodyBytes,
      requireJsonContentType: !options.apiKey,
      agent,
    };
    if (url.pathname === '/health') {
      if (method !== 'GET' && method !== 'HEAD')
        return answerUnservedMethod({
          method,
          path: url.pathname,
          allow: ['GET', 'HEAD'],
        });
      const health = Response.json({
        status: 'ok',
        service: 'janus-sandy',
        version: VERSION,
        ...(await manager.stats()),
      });
      return method === 'HEAD' ? toHeadResponse(health) : health;
    }
    const artifact = artifactRoute.exec(url.pathname);
    if (artifact) {
      if (method !== 'GET' && method !== 'HEAD')
        return answerUnservedMethod({
          method,
          path: url.pathname,
          allow: ['GET', 'HEAD'],
        });
      if (options.apiKey && options.artifactsRequireAuth)
        checkBearerAuth(request, options.apiKey);
      return handleArtifact(context, artifact[1]!, artifact[2]!);
    }
    if (!url.pathname.startsWith('/api/'))
      throw routeNotFound(method, url.pathname);
    if (options.apiKey) checkBearerAuth(request, options.apiKey);
    if (url.pathname.replace(/\/+$/, '') === '/api/sandboxes') {
      if (method !== 'POST')
        return answerUnservedMethod({
          method,
          path: url.pathname,
          allow: ['POST'],
        });
      return handleCreate(context);
    }
    const match = sandboxRoute.exec(url.pathname);
    const handlers = match && own(sandboxActions, match[2] ?? '');
    if (!match || !handlers) throw routeNotFound(method, url.pathname);
    // HEAD wherever GET: the GET answer without its body.
    const handler = own(handlers, method === 'HEAD' ? 'GET' : method);
    if (!handler)
      return answerUnservedMethod({
        method,
        path: url.pathname,
        allow: Object.hasOwn(handlers, 'GET')
          ? [...Object.keys(handlers), 'HEAD']
          : Object.keys(handlers),
      });
    const answer = await handler(context, match[1]!);
    return method === 'HEAD' ? toHeadResponse(answer) : answer;
  };

  const fetch = async (request: Request): Promise<Response> => {
    try {
      return await route(request);
    } catch (error) {
      const janusError = toJanusError(error);
      if (janusError.code === 'internal_error')
        logger.error('request failed', {
          method: request.method,
          url: request.url,
          error: String(error),
        });
      const headers =
        janusError.code === 'over_capacity'
          ? { 'retry-after': '5' }
          : undefined;
      const response = createErrorResponse(janusError, { headers });
      const status = statusOverrideFor(janusError);
      return status === undefined
        ? response
        : new Response(response.body, { status, headers: response.headers });
    }
  };

  return {
    fetch,
    manager,
    async listen(listenOptions = {}) {
      await manager.ready();
      const listener = await listenNode({
        fetch,
        port: listenOptions.port,
        host: listenOptions.host,
      });
      listeners.add(listener);
      return {
        url: listener.url,
        close: async () => {
          listeners.delete(listener);
          await listener.close();
        },
      };
    },
    async close() {
      // Listeners stop accepting at once but wait for answers in flight,
      // while the sandboxes end: an exec cut short answers 137 rather than
      // losing its connection.
      const closing = [...listeners].map(listener => listener.close());
      listeners.clear();
      if (ownsManager) await manager.close();
      await Promise.all(closing);
    },
  };
}
