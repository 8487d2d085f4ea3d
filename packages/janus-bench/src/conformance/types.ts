import type { ConformanceContext } from './conformance-context';

/** The outcome of one conformance check. */
export interface ConformanceCheckResult {
  /** Stable id, e.g. `stream-framing`. */
  id: string;
  /** One-line description of what the check proves. */
  title: string;
  /** `skip` when the check does not apply to the target (the reason says why). */
  status: 'pass' | 'fail' | 'skip';
  /** Why the check failed or was skipped (absent on a pass). */
  reason?: string;
  /**
   * A warning that does not fail the check, e.g. a `model` option the
   * target does not list in `/v1/models`.
   */
  note?: string;
  /** How long the check took, in milliseconds. */
  durationMs: number;
}

/** The result of {@link runConformance}. */
export interface ConformanceReport {
  /** The base URL that was checked. */
  target: string;
  /** `true` when no check failed (skips do not fail a run). */
  passed: boolean;
  /** ISO 8601 start time. */
  startedAt: string;
  /** Wall time of the whole run, in milliseconds. */
  durationMs: number;
  /** One result per check, in run order. */
  results: ConformanceCheckResult[];
}

/** Options of {@link runConformance}. */
export interface RunConformanceOptions {
  /** Base URL of a competitor or gateway, e.g. `http://127.0.0.1:8001` (a trailing `/v1` is dropped). */
  target: string;
  /** Sent as `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** `model` of the chat requests (default: the first id of `/v1/models`). */
  model?: string;
  /** HTTP client (default: the global `fetch`). */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 120 000). */
  timeoutMs?: number;
  /** Called after each check, for progress output. */
  onResult?: (result: ConformanceCheckResult) => void;
}

/**
 * What a check returns: a list of problems (empty = pass) or a reason to
 * skip. Several problems are reported together, so one run shows them all.
 */
export type CheckOutcome =
  | { problems: string[]; note?: string }
  | { skip: string };

/** One black-box check of the contract. */
export interface ConformanceCheck {
  id: string;
  title: string;
  run: (context: ConformanceContext) => Promise<CheckOutcome>;
}
