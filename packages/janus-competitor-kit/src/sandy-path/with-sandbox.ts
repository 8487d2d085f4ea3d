import type { SandboxCreateRequest } from '@janus/protocol';
import type { Logger } from '../logger/logger';
import type { SandyClient } from '../sandy/create-sandy-client';
import type { CompletionStream } from '../server/completion-stream';

/** A sandbox created by {@link withSandbox}, for the helpers. */
export interface Sandbox {
  /** The sandbox id. */
  id: string;
  /** Its public URL, if Sandy gave one. */
  url: string | null;
  /** The Sandy client that created it. */
  sandy: SandyClient;
  /** Aborted when the request is (pass it on). */
  signal: AbortSignal;
}

/**
 * Runs `work` in a fresh sandbox: creates it, emits `sandbox_start`, and
 * always terminates it afterwards (on success, error, and at once when
 * `signal` aborts), then emits `sandbox_end` and reports `sandbox_seconds`
 * in the usage. The create call is not aborted by `signal` (Sandy would
 * create the sandbox anyway): when the request aborts meanwhile, the
 * sandbox is terminated as soon as create returns, `work` does not run, and
 * the abort reason is thrown.
 *
 * @param options.sandy The Sandy client.
 * @param options.stream The competitor's stream writer.
 * @param options.signal The request's signal (`context.signal`).
 * @param options.ttlSeconds Sandbox lifetime (default 600).
 * @param options.create Extra create fields (priority, flavor, env…).
 * @param options.logger Receives termination failures.
 * @param work What to do with the sandbox.
 * @returns What `work` returns.
 * @example
 * ```ts
 * await withSandbox({ sandy, stream, signal: context.signal }, async sandbox => {
 *   await runCommand({ sandbox, stream, command: 'python3 --version' });
 * });
 * ```
 */
export async function withSandbox<T>(
  options: {
    sandy: SandyClient;
    stream: CompletionStream;
    signal?: AbortSignal;
    ttlSeconds?: number;
    create?: Omit<SandboxCreateRequest, 'ttl_seconds'>;
    logger?: Logger;
  },
  work: (sandbox: Sandbox) => Promise<T>,
): Promise<T> {
  const { sandy, stream } = options;
  const signal = options.signal ?? stream.signal;
  const started = performance.now();
  signal.throwIfAborted();
  // Not tied to `signal`: Sandy creates the sandbox even when the client
  // goes away mid-call, and only a finished create tells us what to
  // terminate. An abort meanwhile terminates it as soon as its id is known.
  const info = await sandy.create({
    ...options.create,
    ttl_seconds: options.ttlSeconds ?? 600,
  });
  stream.event('sandbox_start', { sandbox_id: info.sandboxId });
  let termination: Promise<void> | undefined;
  // Not tied to `signal`: the terminate call must go out after an abort.
  const terminate = () => {
    termination ??= sandy
      .terminate({ sandboxId: info.sandboxId })
      .catch(error => {
        options.logger?.warn('sandbox termination failed', {
          sandboxId: info.sandboxId,
          error: error instanceof Error ? error.message : String(error),
        });
      });
    return termination;
  };
  signal.addEventListener('abort', terminate, { once: true });
  try {
    signal.throwIfAborted();
    return await work({ id: info.sandboxId, url: info.url, sandy, signal });
  } finally {
    signal.removeEventListener('abort', terminate);
    await terminate();
    const durationMs = Math.round(performance.now() - started);
    stream.event('sandbox_end', {
      sandbox_id: info.sandboxId,
      duration_ms: durationMs,
    });
    stream.usage({ sandbox_seconds: durationMs / 1000 });
  }
}
