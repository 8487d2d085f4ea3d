'use client';

import { useEffect, useState } from 'react';

/** Options of {@link useQuietFor}. */
export interface UseQuietForOptions {
  /** Only while this is true (e.g. the answer is streaming). */
  active: boolean;
  /** Anything that changes with each sign of life (e.g. the message object). */
  activity: unknown;
  /** How long without a change counts as quiet, in ms. */
  afterMs: number;
}

/**
 * Whether `activity` has not changed for `afterMs` while `active`: a
 * streaming answer that has gone quiet (the competitor thinks, or runs a
 * long step, and sends only keep-alives, which leave the message as it is).
 */
export function useQuietFor(options: UseQuietForOptions): boolean {
  const { active, activity, afterMs } = options;
  const [quietSince, setQuietSince] = useState<unknown>(null);
  useEffect(() => {
    if (!active) return;
    const timer = setTimeout(() => setQuietSince(() => activity), afterMs);
    return () => clearTimeout(timer);
  }, [active, activity, afterMs]);
  // Quiet only as long as nothing changed since the timer fired.
  return active && quietSince === activity && activity !== null;
}
