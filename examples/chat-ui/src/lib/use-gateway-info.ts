'use client';

import {
  type GatewayHealth,
  gatewayHealthSchema,
  type Model,
  modelListSchema,
  safeParseJsonWith,
} from '@janus/protocol';
import { useEffect, useState } from 'react';

/** What the UI knows about the gateway. */
export interface GatewayInfo {
  /** `null` until the first answer; `unreachable` when the gateway did not answer. */
  health: GatewayHealth | 'unreachable' | null;
  /** Competitors from `/v1/models` (empty when unknown). */
  models: Model[];
  /**
   * `false` when the last `/v1/models` refresh failed: `models` is the list
   * from before, and their health is unknown, not what it said then.
   */
  modelsFresh: boolean;
}

/** How often health and models are refreshed. */
const pollMs = 5000;

async function getJson<T>(
  url: string,
  schema: Parameters<typeof safeParseJsonWith<T>>[0]['schema'],
) {
  const response = await fetch(url, { cache: 'no-store' });
  const parsed = safeParseJsonWith({ text: await response.text(), schema });
  if (!parsed.success) throw parsed.error;
  return parsed.value;
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
  });
  useEffect(() => {
    let cancelled = false;
    const refresh = async () => {
      if (document.visibilityState === 'hidden') return;
      const [health, models] = await Promise.allSettled([
        getJson('/api/health', gatewayHealthSchema),
        getJson('/api/models', modelListSchema),
      ]);
      if (cancelled) return;
      setInfo(current => ({
        health: health.status === 'fulfilled' ? health.value : 'unreachable',
        models:
          models.status === 'fulfilled' ? models.value.data : current.models,
        modelsFresh: models.status === 'fulfilled',
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
