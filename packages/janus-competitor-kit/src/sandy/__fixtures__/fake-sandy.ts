/**
 * A small in-memory Sandy for tests of the Sandy client and path (the real
 * server is @janus/sandy). It speaks the API shapes, in the hosted Sandy's
 * variant field names, and runs no commands: `exec` answers from `commands`.
 */
export interface FakeSandy {
  fetch(request: Request): Promise<Response>;
  /** Calls received, as `METHOD /path`. */
  calls: string[];
  /** Request bodies received, by `METHOD /path`. */
  bodies: Map<string, unknown>;
  /** Files per sandbox id. */
  files: Map<string, Map<string, Uint8Array>>;
  terminated: Set<string>;
  /** Set when an agent run's response stream was cancelled by the client. */
  agentRunCancelled: boolean;
}

export function createFakeSandy(
  options: {
    apiKey?: string;
    /** `json`: reads answer `{content, encoding:'base64'}`; `raw`: the bytes. */
    readMode?: 'json' | 'raw';
    /**
     * exec results by command (default: echo the command, exit 0). `hold`: the
     * streaming exec sends `stdout`, then stays open until the client goes away
     * (a long command).
     */
    commands?: Record<string, { stdout?: string; stderr?: string; exit_code?: number; timed_out?: boolean; duration_ms?: number; hold?: boolean }>;
    /** agent/run SSE events; a number entry waits that many ms. */
    agentEvents?: Array<Record<string, unknown> | number>;
    /** Serve the Janus streaming exec extension (default: 404, like hosted Sandy). */
    streamingExec?: boolean;
    /** Delay of sandbox creation in ms; the sandbox is created even if the client goes away meanwhile (like Sandy). */
    createDelayMs?: number;
    /** Files a new sandbox starts with (path → text). */
    initialFiles?: Record<string, string | Uint8Array>;
  } = {},
): FakeSandy {
  let counter = 0;
  const state: FakeSandy = {
    fetch,
    calls: [],
    bodies: new Map(),
    files: new Map(),
    terminated: new Set(),
    agentRunCancelled: false,
  };
  const json = (value: unknown, status = 200) => Response.json(value, { status });
  const error = (status: number, message: string) => json({ error: { message, code: String(status) } }, status);

  async function fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    state.calls.push(key);
    if (options.apiKey && request.headers.get('authorization') !== `Bearer ${options.apiKey}`)
      return error(401, 'Missing or invalid API key');
    const body = request.method === 'POST' ? await request.json().catch(() => ({})) : undefined;
    state.bodies.set(key, body);
    const match = /^\/api\/sandboxes(?:\/([^/]+)(\/.*)?)?$/.exec(url.pathname);
    if (!match) return error(404, 'not found');
    const [, id, action = ''] = match;
    if (!id) {
      if (options.createDelayMs) await new Promise(resolve => setTimeout(resolve, options.createDelayMs));
      const sandboxId = `sbx_${++counter}`;
      state.files.set(sandboxId, new Map(Object.entries(options.initialFiles ?? {}).map(([path, content]) => [path, typeof content === 'string' ? new TextEncoder().encode(content) : content])));
      return json({ sandbox_id: sandboxId, public_url: `http://sandbox.test/${sandboxId}`, status: 'running', created_at: '2026-01-01T00:00:00Z' });
    }
    const files = state.files.get(id);
    if (!files || state.terminated.has(id)) return error(404, `Sandbox ${id} not found`);
    const input = (body ?? {}) as Record<string, string>;
    switch (`${request.method} ${action}`) {
      case 'GET ':
        return json({ id, url: `http://sandbox.test/${id}`, status: 'running' });
      case 'POST /exec': {
        const result = options.commands?.[input.command ?? ''] ?? { stdout: `ran: ${input.command}\n`, exit_code: 0 };
        return json({ stdout: result.stdout ?? '', stderr: result.stderr ?? '', exit_code: result.exit_code ?? 0, ...(result.timed_out && { timedOut: true, durationMs: result.duration_ms ?? 5 }) });
      }
      case 'POST /exec/stream': {
        if (!options.streamingExec) return error(404, 'no route');
        const result = options.commands?.[input.command ?? ''] ?? { stdout: `ran: ${input.command}\n`, exit_code: 0 };
        if (result.hold) return heldExecStream(result.stdout ?? '', request.signal);
        const frames = [
          { type: 'stdout', data: result.stdout ?? '' },
          { type: 'stderr', data: result.stderr ?? '' },
          { type: 'exit', exitCode: result.exit_code ?? 0, timedOut: result.timed_out ?? false, truncated: false, durationMs: result.duration_ms ?? 5 },
        ];
        return new Response(frames.map(frame => `data: ${JSON.stringify(frame)}\n\n`).join(''), {
          headers: { 'content-type': 'text/event-stream' },
        });
      }
      case 'POST /files/write':
        files.set(normalise(input.path ?? ''), input.encoding === 'base64' ? Uint8Array.from(atob(input.content ?? ''), c => c.charCodeAt(0)) : new TextEncoder().encode(input.content ?? ''));
        return json({ ok: true });
      case 'GET /files/read': {
        const bytes = files.get(normalise(url.searchParams.get('path') ?? ''));
        if (!bytes) return error(404, 'file not found');
        if (options.readMode === 'raw') return new Response(bytes as Uint8Array<ArrayBuffer>, { headers: { 'content-type': 'application/octet-stream' } });
        return json({ content: btoa(String.fromCharCode(...bytes)), encoding: 'base64' });
      }
      case 'GET /files/list': {
        const dir = normalise(url.searchParams.get('path') ?? '');
        const prefix = dir.endsWith('/') ? dir : `${dir}/`;
        const names = [...files.keys()].filter(path => path.startsWith(prefix)).map(path => path.slice(prefix.length));
        // A directory exists here only if a file is in it; Sandy answers 404 for a missing one.
        if (names.length === 0) return error(404, `Directory ${dir} not found`);
        return json({ files: names });
      }
      case 'POST /refresh':
      case 'POST /agent/cancel':
        return json({ ok: true });
      case 'POST /terminate':
        state.terminated.add(id);
        return json({ ok: true });
      case 'POST /agent/run':
        return agentStream(request.signal);
      default:
        return error(404, `no route ${key}`);
    }
  }

  function heldExecStream(stdout: string, signal: AbortSignal): Response {
    const frame = `data: ${JSON.stringify({ type: 'stdout', data: stdout })}\n\n`;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(frame));
        // Already cancelled when the server cut the response first.
        signal.addEventListener('abort', () => { try { controller.close(); } catch {} }, { once: true });
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  }

  function agentStream(signal: AbortSignal): Response {
    const encoder = new TextEncoder();
    const events = [...(options.agentEvents ?? [{ type: 'complete', success: true, exitCode: 0, duration: 1 }])];
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = events.shift();
        if (next === undefined) return controller.close();
        if (typeof next === 'number') {
          await new Promise(resolve => setTimeout(resolve, next));
          if (signal.aborted) return controller.close();
          return;
        }
        controller.enqueue(encoder.encode(`data: ${JSON.stringify(next)}\n\n`));
      },
      cancel() {
        state.agentRunCancelled = true;
      },
    });
    return new Response(stream, { headers: { 'content-type': 'text/event-stream' } });
  }
  return state;
}

function normalise(path: string): string {
  return path.startsWith('/') ? path : `/workspace/${path}`;
}
