import {
  createSseResponse,
  type ExecStreamEvent,
  encodeSseComment,
  encodeSseData,
  toJanusError,
} from '@janus/protocol';
import type { RouteContext } from './route-context';
import { readExecRequest } from './sandbox-routes';

/**
 * `POST /api/sandboxes/:id/exec/stream` (Janus extension): the exec body,
 * answered with SSE `stdout {data}` / `stderr {data}` events as output
 * arrives, then one `exit {exitCode, timedOut, truncated, durationMs}` (or
 * `error {error}`), then the stream closes. Idle gaps carry `: ping`
 * comments each second. A client disconnect kills the command.
 */
export async function handleExecStream(
  context: RouteContext,
  id: string,
): Promise<Response> {
  const body = await readExecRequest(context);
  // Unknown or terminated sandboxes fail before the stream starts (404/409).
  context.manager.assertRunning(id);
  const abort = new AbortController();
  let ping: ReturnType<typeof setInterval> | undefined;
  const stream = new ReadableStream<string>({
    start(controller) {
      let last = Date.now();
      // After the client went away (`cancel`) the controller is closed:
      // output, the exit event and pings are dropped, never enqueued (that
      // throws, outside any handler, and would end the process).
      const enqueue = (text: string) => {
        if (!abort.signal.aborted) controller.enqueue(text);
      };
      const send = (event: ExecStreamEvent) => {
        last = Date.now();
        enqueue(encodeSseData(event));
      };
      ping = setInterval(() => {
        if (Date.now() - last >= 1000) enqueue(encodeSseComment('ping'));
      }, 1000);
      context.manager
        .exec(id, body, {
          signal: abort.signal,
          onOutput: (stream, data) => send({ type: stream, data }),
        })
        .then(
          result =>
            send({
              type: 'exit',
              exitCode: result.exitCode,
              timedOut: result.timedOut,
              truncated: result.truncated,
              durationMs: result.durationMs ?? 0,
            }),
          error => send({ type: 'error', error: toJanusError(error).message }),
        )
        .finally(() => {
          clearInterval(ping);
          if (!abort.signal.aborted) controller.close();
        });
    },
    cancel() {
      abort.abort();
      clearInterval(ping);
    },
  });
  return createSseResponse(stream);
}
