'use client';

import {
  type GatewayHealth,
  gatewayHealthSchema,
  type Model,
  modelListSchema,
  safeParseJsonWith,
} from '@janus/protocol';
import { useEffect, useState } from 'react';
import { type GatewayProblem, problemFromResponse } from './gateway-problem';

/** What the UI knows about the gateway. */
export interface GatewayInfo {
  /** `null` until the first answer, and while `/health` fails (see `problem`). */
  health: GatewayHealth | null;
  /** Competitors from `/v1/models` (empty when unknown). */
  models: Model[];
  /**
   * `false` when the last `/v1/models` refresh failed: `models` is the list
   * from before, and their health is unknown, not what it said then.
   */
  modelsFresh: boolean;
  /** Whether the first refresh has ended (until then the lists are loading). */
  checked: boolean;
  /** Why the last refresh failed (`/health` first, then `/v1/models`), or `null`. */
  problem: GatewayProblem | null;
}

/** How often health and models are refreshed. */
const pollMs = 5000;

type Fetched<T> =
  | { ok: true; value: T }
  | { ok: false; problem: GatewayProblem };

/**
 * GETs a same-origin route and validates its body; every way it can fail is
 * told apart: the browser's request failing (the UI server is unreachable),
 * the UI server answering for an unreachable gateway, a refused key, any
 * other status, a body of the wrong shape.
 */
export async function getGatewayJson<T>(
  url: string,
  schema: Parameters<typeof safeParseJsonWith<T>>[0]['schema'],
): Promise<Fetched<T>> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, { cache: 'no-store' });
    text = await response.text();
  } catch (error) {
    return {
      ok: false,
      problem: {
        kind: 'ui-server-unreachable',
        detail: error instanceof Error ? error.message : String(error),
      },
    };
  }
  if (!response.ok)
    return { ok: false, problem: problemFromResponse({ response, text }) };
  const parsed = safeParseJsonWith({ text, schema });
  if (!parsed.success)
    return {
      ok: false,
      problem: {
        kind: 'bad-answer',
        status: response.status,
        detail: 'not the shape the protocol describes',
      },
    };
  return { ok: true, value: parsed.value };
}

/**
 * Polls the gateway's `/health` and `/v1/models` (through the same-origin
 * routes) while the page is visible, validating both with the protocol's
 * schemas.
 */
export function useGatewayInfo(): GatewayInfo {
  const [info, setInfo] = useState<GatewayInfo>({
    health: null,
    models: [],
    modelsFresh: true,
    checked: false,
    problem: null,
  });
  useEffect(() => {
    let cancelled = false;
    const refresh = async () => {
      if (document.visibilityState === 'hidden') return;
      const [health, models] = await Promise.all([
        getGatewayJson('/api/health', gatewayHealthSchema),
        getGatewayJson('/api/models', modelListSchema),
      ]);
      if (cancelled) return;
      setInfo(current => ({
        health: health.ok ? health.value : null,
        models: models.ok ? models.value.data : current.models,
        modelsFresh: models.ok,
        checked: true,
        // `/health` needs no key: a refused key shows on `/v1/models`.
        problem: !health.ok
          ? health.problem
          : !models.ok
            ? models.problem
            : null,
      }));
    };
    void refresh();
    const timer = setInterval(refresh, pollMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);
  return info;
}
