import {
  answerUnservedMethod,
  type CompetitorHealth,
  createErrorResponse,
  JanusError,
  type LlmInfo,
  type ModelList,
  toHeadResponse,
} from '@janus/protocol';
import type { ArtifactStore } from '../artifacts/artifact-store';
import { createArtifactStore } from '../artifacts/create-artifact-store';
import { handleArtifactRequest } from '../artifacts/handle-artifact-request';
import {
  checkNumberOption,
  MAX_TIMER_MS,
} from '../internal/check-number-option';
import { createJsonLogger, type Logger } from '../logger/logger';
import { VERSION } from '../version';
import { type FetchContext, waitUntilOf } from './fetch-context';
import { handleChatCompletion } from './handle-chat-completion';
import type { CompetitorContext, CompetitorHandler } from './run-handler';

/** Options of {@link createCompetitor}. */
export interface CompetitorOptions {
  /** Competitor id (the `model` clients send; also the response `model`). */
  id: string;
  /** Display name. */
  name: string;
  /** One-line description, on `/health` and `/v1/models` (the gateway shows it). */
  description?: string;
  /** The answer logic, written once for stream and non-stream requests. */
  handle: CompetitorHandler;
  /**
   * Extra health fields (e.g. `sandbox_available`, `llm_available`),
   * computed per `/health` call; `llm_available: false` turns status `ok`
   * into `degraded`.
   */
  health?: () => Partial<CompetitorHealth> | Promise<Partial<CompetitorHealth>>;
  /** Which LLM it uses, reported on `/health` and `/v1/models`. */
  llm?: LlmInfo;
  /** Logger (default: JSON lines on stderr). */
  logger?: Logger;
  /**
   * Where collected files go; served at `GET /artifacts/:id` (default:
   * `createArtifactStore()`, in memory, 1 h TTL, 256 MiB at most; see
   * `createFileArtifactStore` in `./node` for large files).
   */
  artifacts?: ArtifactStore;
  /**
   * Longest silence on a stream before a `: ping` comment, in ms (default
   * 800: under the 1 s continuity target with room for timer jitter). A
   * silent stream also commits (status 200) after half of it. From 10 to
   * 2^31 - 1; anything else (0, negative, `NaN`) throws at creation.
   */
  heartbeatMs?: number;
}

/** The shortest `heartbeatMs` taken (a tick every 5 ms). */
const MIN_HEARTBEAT_MS = 10;

/** A competitor: one Fetch handler for all its routes. */
export interface Competitor {
  /**
   * Handles `/health`, `/v1/models`, `/v1/chat/completions`, `/artifacts/:id`;
   * HEAD wherever GET, OPTIONS (204) and 405 `method_not_allowed` with
   * `allow` on those paths. A `context` with `waitUntil` (as `serve()`
   * passes) gets each request's cleanups, so a graceful shutdown waits for
   * them; anything else there is ignored.
   */
  fetch(request: Request, context?: FetchContext): Promise<Response>;
  /** The artifact store it serves. */
  artifacts: ArtifactStore;
}

/**
 * Creates a competitor: a streaming OpenAI-compatible server as a Fetch
 * handler (serve it with `serve()` from `@janus/competitor-kit/node`, or any
 * runtime that speaks `Request`/`Response`).
 *
 * @param options See {@link CompetitorOptions}. A `heartbeatMs` out of
 *   range throws a `JanusError` (`invalid_request`) naming it.
 * @returns `{ fetch }`.
 * @example
 * ```ts
 * const competitor = createCompetitor({
 *   id: 'echo', name: 'Echo',
 *   async handle(request, stream) { stream.content('Hello!'); },
 * });
 * ```
 */
export function createCompetitor(options: CompetitorOptions): Competitor {
  const logger = options.logger ?? createJsonLogger({ name: options.id });
  const created = Math.floor(Date.now() / 1000);
  const inFlight = { count: 0 };
  const artifacts = options.artifacts ?? createArtifactStore();
  const settings = {
    id: options.id,
    handle: options.handle,
    logger,
    heartbeatMs: checkNumberOption({
      owner: 'createCompetitor',
      name: 'heartbeatMs',
      value: options.heartbeatMs,
      fallback: 800,
      // Below that the pings are the traffic; above it a timer fires at once.
      min: MIN_HEARTBEAT_MS,
      max: MAX_TIMER_MS,
    }),
    inFlight,
    artifacts,
    extendContext: (context: CompetitorContext) => context,
  };

  async function health(): Promise<Response> {
    const body: CompetitorHealth = {
      status: 'ok',
      id: options.id,
      name: options.name,
      // The gateway reads name and description from here for its
      // `/v1/models` (the competitor's own `/v1/models` is not asked).
      ...(options.description && { description: options.description }),
      version: VERSION,
      ...(options.llm && { llm: options.llm }),
      in_flight: inFlight.count,
      ...(await options.health?.()),
    };
    // `llm_available` (from `LlmClient.health()`) is merged next to other
    // fields that set their own status (the Sandy monitor's): an LLM that
    // failed lately makes the competitor degraded, not worse, not better.
    if (body.llm_available === false && body.status === 'ok')
      body.status = 'degraded';
    return Response.json(body);
  }

  function models(): Response {
    const body: ModelList = {
      object: 'list',
      data: [
        {
          id: options.id,
          object: 'model',
          created,
          owned_by: options.id,
          janus: {
            name: options.name,
            ...(options.description && { description: options.description }),
            ...(options.llm && { llm_mode: options.llm.mode }),
          },
        },
      ],
    };
    return Response.json(body);
  }

  async function fetch(
    request: Request,
    context?: FetchContext,
  ): Promise<Response> {
    const path = new URL(request.url).pathname.replace(/\/+$/, '') || '/';
    const method = request.method;
    const allowed = allowedMethods(path);
    if (allowed === undefined) {
      const artifact = await handleArtifactRequest({
        request,
        store: artifacts,
      });
      if (artifact) return artifact;
      return createErrorResponse(
        new JanusError({
          message: `No route for ${method} ${path}`,
          code: 'not_found',
        }),
      );
    }
    if (!allowed.includes(method))
      return answerUnservedMethod({ method, path, allow: allowed });
    if (method === 'POST')
      return handleChatCompletion(request, settings, waitUntilOf(context));
    const response = path === '/health' ? await health() : models();
    return method === 'HEAD' ? toHeadResponse(response) : response;
  }
  return { fetch, artifacts };
}

/**
 * The methods a route answers (HEAD wherever GET: RFC 9110 9.3.2), as the
 * gateway does; `undefined`: no such route (artifacts answer their own).
 */
function allowedMethods(path: string): readonly string[] | undefined {
  if (path === '/v1/chat/completions' || path === '/chat/completions')
    return ['POST'];
  if (path === '/health' || path === '/v1/models' || path === '/models')
    return ['GET', 'HEAD'];
  return undefined;
}
