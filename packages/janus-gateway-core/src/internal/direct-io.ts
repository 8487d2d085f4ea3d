import { isAbortError, JanusError } from '@janus/protocol';
/**
 * The hand-off that lets the Node adapter and `createNodeFetch` skip Web
 * streams on the stream path (see docs/gateway.md § Latency).
 *
 * The gateway answers with an ordinary `Response` whose body works in every
 * runtime. When the Node adapter writes that response, it first asks the
 * response for its {@link DIRECT_BODY}: the proxied stream then writes text
 * straight to the `ServerResponse`. Likewise, when the upstream response came
 * from `createNodeFetch`, the proxy takes its {@link PUSH_SOURCE} and reads the
 * `IncomingMessage` events directly. Either side falls back to the Web body
 * when the other is absent (another runtime, a wrapped response, a custom
 * `fetch`), so behaviour is the same on both paths; only the cost differs
 * (about 3× less CPU per event on Node 20, measured in the gateway bench).
 *
 * Both are symbol-keyed properties on the `Response` object; a claim works
 * once and only while the Web body is untouched.
 *
 * @internal
 */

/** Where the proxied stream writes its text. */
export interface RelaySink {
  /** Writes text; `false` asks the writer to wait for {@link RelayControl.resume}. */
  write(text: string): boolean;
  /** Writes the last text (may be empty) and ends the response. */
  end(text: string): void;
}

/** What the sink owner calls back. */
export interface RelayControl {
  /** The sink can take more text again (`drain`, `pull`). */
  resume(): void;
  /** The client went away: stop and abort the upstream. */
  cancel(): void;
  /** End the stream with `error` as its final event (and `[DONE]`); abort the upstream. */
  fail(error: JanusError): void;
}

/** A byte source the proxy can pause (backpressure) and cancel. */
export interface PushSource {
  /** Starts delivering; `data` may be called synchronously from `resume`. */
  start(handlers: PushSourceHandlers): void;
  pause(): void;
  resume(): void;
  /** Stops reading and releases the source (the upstream body is aborted). */
  cancel(): void;
}

/** Callbacks of a {@link PushSource}. */
export interface PushSourceHandlers {
  data(chunk: Uint8Array | string): void;
  end(): void;
  error(cause: unknown): void;
}

/** On a gateway stream `Response`: `(sink) => control`, or `undefined` once the Web body was used. */
export const DIRECT_BODY: unique symbol = Symbol.for(
  '@janus/gateway-core.directBody',
) as never;

/** On a `createNodeFetch` `Response`: `() => source`, or `undefined` once the Web body was used. */
export const PUSH_SOURCE: unique symbol = Symbol.for(
  '@janus/gateway-core.pushSource',
) as never;

export type DirectBodyClaim = (sink: RelaySink) => RelayControl | undefined;
export type PushSourceClaim = () => PushSource | undefined;

/** The direct body of a gateway response, if it has one. */
export function directBodyOf(response: Response): DirectBodyClaim | undefined {
  return (response as { [DIRECT_BODY]?: DirectBodyClaim })[DIRECT_BODY];
}

/**
 * A push source for any `Response`: its own {@link PUSH_SOURCE} when it has
 * one, else a reader loop over its Web body.
 */
export function pushSourceOf(response: Response): PushSource | undefined {
  const claim = (response as { [PUSH_SOURCE]?: PushSourceClaim })[PUSH_SOURCE];
  const direct = claim?.();
  if (direct) return direct;
  return response.body === null ? undefined : readerSource(response.body);
}

/** A {@link PushSource} over a Web byte stream. */
export function readerSource(
  body: ReadableStream<Uint8Array | string>,
): PushSource {
  const reader = body.getReader();
  let handlers: PushSourceHandlers | undefined;
  let paused = false;
  let running = false;
  let stopped = false;
  const loop = async () => {
    if (running || handlers === undefined) return;
    running = true;
    try {
      while (!paused && !stopped) {
        const result = await reader.read();
        if (stopped) return;
        if (result.done) {
          stopped = true;
          handlers.end();
          return;
        }
        handlers.data(result.value);
      }
    } catch (cause) {
      if (!stopped) {
        stopped = true;
        handlers.error(cause);
      }
    } finally {
      running = false;
    }
  };
  return {
    start(value) {
      handlers = value;
      void loop();
    },
    pause() {
      paused = true;
    },
    resume() {
      if (!paused) return;
      paused = false;
      void loop();
    },
    cancel() {
      if (stopped) return;
      stopped = true;
      reader.cancel().catch(() => {});
    },
  };
}

/**
 * On a `Request` from the Node adapter: the body, already read (small
 * bodies with a declared length). The `Request` still carries the same body
 * for any other reader; the gateway just skips decoding it from a stream.
 */
export const REQUEST_BYTES: unique symbol = Symbol.for(
  '@janus/gateway-core.requestBytes',
) as never;

/** The pre-read body of a request, if the Node adapter attached one and nobody read the stream. */
export function requestBytesOf(request: Request): Uint8Array | undefined {
  if (request.bodyUsed) return undefined;
  return (request as { [REQUEST_BYTES]?: Uint8Array })[REQUEST_BYTES];
}

/**
 * On a `Request` from the Node adapter: `(listener) => unsubscribe`, called
 * with the reason when the client goes away. What the request's `signal`
 * is made from, without an `AbortController` per request when nobody asks
 * for the signal (one costs several µs of CPU on Node 20).
 */
export const CLIENT_GONE: unique symbol = Symbol.for(
  '@janus/gateway-core.clientGone',
) as never;

export type ClientGoneHook = (
  listener: (reason: unknown) => void,
) => () => void;

/**
 * Whether `request` came through the Node adapter (it carries
 * {@link CLIENT_GONE}), which writes a gateway stream through
 * {@link DIRECT_BODY}.
 */
export function fromNodeAdapter(request: Request): boolean {
  return (
    (request as { [CLIENT_GONE]?: ClientGoneHook })[CLIENT_GONE] !== undefined
  );
}

/** An `AbortController` that aborts when the hook reports the client gone. */
export function abortControllerFrom(hook: ClientGoneHook): AbortController {
  const controller = new AbortController();
  hook(reason => controller.abort(reason));
  return controller;
}

/**
 * Calls `listener` once when the client of `request` goes away (at once if
 * it already has); returns the unsubscribe function. Uses the Node
 * adapter's hook when there is one, else the request's `signal`, whose
 * reason is the host's: `@hono/node-server` aborts with a plain `Error`,
 * which is passed on as an `AbortError` (with the host's reason as its
 * `cause`), so the request still counts as cancelled (499), not as an
 * internal error.
 */
export function onClientGone(
  request: Request,
  listener: (reason: unknown) => void,
): () => void {
  const hook = (request as { [CLIENT_GONE]?: ClientGoneHook })[CLIENT_GONE];
  if (hook) return hook(listener);
  const signal = request.signal;
  const gone = () => listener(asClientGone(signal.reason));
  if (signal.aborted) {
    gone();
    return () => {};
  }
  signal.addEventListener('abort', gone, { once: true });
  return () => signal.removeEventListener('abort', gone);
}

/** A host's client-gone reason as an abort (a JanusError, e.g. a shutdown, stays). */
function asClientGone(reason: unknown): unknown {
  if (isAbortError(reason) || JanusError.isInstance(reason)) return reason;
  const error = new Error('The client went away', { cause: reason });
  error.name = 'AbortError';
  return error;
}

/** Calls `listener` with the reason once `signal` aborts; returns the unsubscribe. */
export function onSignalAbort(
  signal: AbortSignal,
  listener: (reason: unknown) => void,
): () => void {
  const onAbort = () => listener(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/**
 * On a fetch `init` from the gateway: `(listener) => unsubscribe` for the
 * abort of the upstream request (see {@link UpstreamAbort}). `createNodeFetch`
 * listens through it instead of `signal.addEventListener`, which costs about
 * 20 µs of CPU per request on Node 20 with the caches as cold as they are
 * at a few dozen requests a second (5 µs hot). Any other `fetch` ignores it
 * and uses `init.signal`. On a `fetch` function, `[ABORT_HOOK]: true` says
 * it listens through the hook alone, so the gateway gives it no signal.
 */
export const ABORT_HOOK: unique symbol = Symbol.for(
  '@janus/gateway-core.abortHook',
) as never;

/**
 * The gateway's abort of one upstream request, told to `onAbort` listeners,
 * which cost no EventTarget listener (see {@link ABORT_HOOK}), and to an
 * `AbortSignal` made only if something asks for one: a `fetch` that does not
 * take the hook, a retry delay. On Node 20 an `AbortController` and its
 * signal are ~1.1 KB of garbage and a few µs per request
 * (docs/benchmarks/janus-gateway-core.md, "CPU per request"). Abort
 * through this object only.
 */
export class UpstreamAbort {
  private controller: AbortController | undefined;
  private abortedWith: { reason: unknown } | undefined;
  private listeners: Set<(reason: unknown) => void> | undefined;

  get aborted(): boolean {
    return this.abortedWith !== undefined;
  }

  /** The abort's reason (`undefined` until aborted). */
  get reason(): unknown {
    return this.abortedWith?.reason;
  }

  /** Aborts with {@link abort}'s reason; made on first use. */
  get signal(): AbortSignal {
    if (this.controller === undefined) {
      this.controller = new AbortController();
      if (this.abortedWith) this.controller.abort(this.abortedWith.reason);
    }
    return this.controller.signal;
  }

  abort(reason?: unknown): void {
    if (this.abortedWith) return;
    // What `AbortController.abort()` makes when given no reason.
    const settled =
      reason === undefined
        ? new DOMException('This operation was aborted', 'AbortError')
        : reason;
    this.abortedWith = { reason: settled };
    this.controller?.abort(settled);
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners) for (const listener of listeners) listener(settled);
  }

  /** Calls `listener` once on abort (on the next microtask if aborted already). */
  readonly onAbort = (listener: (reason: unknown) => void): (() => void) => {
    const abortedWith = this.abortedWith;
    if (abortedWith) {
      queueMicrotask(() => listener(abortedWith.reason));
      return () => {};
    }
    this.listeners ??= new Set();
    this.listeners.add(listener);
    return () => this.listeners?.delete(listener);
  };
}
