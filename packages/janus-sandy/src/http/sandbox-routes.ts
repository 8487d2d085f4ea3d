import {
  type ExecRequest,
  execRequestSchema,
  sandboxCreateRequestSchema,
} from '@janus/protocol';
import { z } from 'zod/v4';
import { readJsonBody } from './read-json-body';
import { type RouteContext, withPublicUrl } from './route-context';

/** `POST /api/sandboxes`: create (→ `sandboxId`, `url`, `createdAt`, `timeoutAt`, `status`). */
export async function handleCreate(context: RouteContext): Promise<Response> {
  const body = await readJsonBody({
    request: context.request,
    schema: sandboxCreateRequestSchema,
    maxBytes: context.maxBodyBytes,
    requireJsonContentType: context.requireJsonContentType,
    subject: 'sandbox create request',
  });
  const info = await context.manager.create(body);
  return Response.json(withPublicUrl(info, context.baseUrl));
}

/** `GET /api/sandboxes/:id`. */
export function handleGet(context: RouteContext, id: string): Response {
  return Response.json(withPublicUrl(context.manager.get(id), context.baseUrl));
}

const refreshSchema = z.looseObject({
  ttl_seconds: z.number().int().positive().optional(),
});

/** `POST /api/sandboxes/:id/refresh`: extend the TTL (optional `ttl_seconds`). */
export async function handleRefresh(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const body = await readJsonBody({
    request: context.request,
    schema: refreshSchema,
    maxBytes: context.maxBodyBytes,
    requireJsonContentType: context.requireJsonContentType,
    subject: 'refresh request',
  });
  return Response.json(
    withPublicUrl(
      context.manager.refresh(id, body.ttl_seconds),
      context.baseUrl,
    ),
  );
}

/** `POST /api/sandboxes/:id/terminate`: idempotent. */
export async function handleTerminate(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const info = await context.manager.terminate(id);
  return Response.json(withPublicUrl(info, context.baseUrl));
}

/** `POST /api/sandboxes/:id/exec` → `stdout`, `stderr`, `exitCode`, `timedOut`, `truncated`, `durationMs`. */
export async function handleExec(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const body = await readExecRequest(context);
  const result = await context.manager.exec(id, body, {
    signal: context.request.signal,
  });
  return Response.json(result);
}

/** Reads and validates an exec body (shared by exec and exec/stream). */
export function readExecRequest(context: RouteContext): Promise<ExecRequest> {
  return readJsonBody({
    request: context.request,
    schema: execRequestSchema,
    maxBytes: context.maxBodyBytes,
    requireJsonContentType: context.requireJsonContentType,
    subject: 'exec request',
  });
}
