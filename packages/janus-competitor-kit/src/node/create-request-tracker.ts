import type { ServerResponse } from 'node:http';

/** @internal What a server still owes before it may close. */
export interface RequestTracker {
  /** Requests whose answer is not written yet. */
  readonly requests: number;
  /** `waitUntil` promises not settled yet. */
  readonly pending: number;
  /**
   * Counts `response` as in flight until `written` (if given) settles and
   * the response closed (sent to the OS, or its connection gone): a
   * connection cut earlier would drop the end of it, or a pipelined answer
   * queued behind another.
   */
  track(response: ServerResponse, written?: Promise<unknown>): void;
  /** Counts `promise` until it settles (a rejection counts as settled). */
  waitUntil(promise: Promise<unknown>): void;
  /** Asks the clients of answers not started yet not to reuse the connection. */
  closeConnectionsAfterAnswers(): void;
  /**
   * Resolves `true` once nothing is in flight or pending, `false` after
   * `ms` (never, beyond what a timer can hold). One wait at a time (the
   * shutdown's).
   */
  settled(ms: number): Promise<boolean>;
}

/** The longest delay `setTimeout` honours (2^31 - 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * @internal Tracks the requests in flight on a Node server and the work
 * their handlers handed to `waitUntil` (cleanups that outlive the
 * response), for a graceful shutdown.
 */
export function createRequestTracker(): RequestTracker {
  const responses = new Set<ServerResponse>();
  const pending = new Set<Promise<unknown>>();
  let onChange: (() => void) | undefined;

  return {
    get requests() {
      return responses.size;
    },
    get pending() {
      return pending.size;
    },
    track(response, written) {
      responses.add(response);
      const closed = new Promise(resolve => response.once('close', resolve));
      void Promise.all([written, closed]).finally(() => {
        responses.delete(response);
        onChange?.();
      });
    },
    waitUntil(promise) {
      const tracked = Promise.resolve(promise).then(
        () => {},
        () => {},
      );
      pending.add(tracked);
      void tracked.then(() => {
        pending.delete(tracked);
        onChange?.();
      });
    },
    closeConnectionsAfterAnswers() {
      for (const response of responses)
        if (!response.headersSent) response.setHeader('connection', 'close');
    },
    settled(ms) {
      return new Promise<boolean>(resolve => {
        const finish = (done: boolean) => {
          clearTimeout(timer);
          onChange = undefined;
          resolve(done);
        };
        // Node fires a longer timer after 1 ms (with a warning): an
        // `Infinity` grace would abort at once instead of never.
        const timer =
          ms > MAX_TIMER_MS ? undefined : setTimeout(() => finish(false), ms);
        onChange = () => {
          if (responses.size === 0 && pending.size === 0) finish(true);
        };
        onChange();
      });
    },
  };
}
