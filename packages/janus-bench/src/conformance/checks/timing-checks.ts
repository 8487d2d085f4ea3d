import { parseChatCompletionStream } from '@janus/protocol';
import { describeError } from '../../internal/describe-error';
import {
  AGENT_PROMPT,
  type ConformanceContext,
  SIMPLE_PROMPT,
} from '../conformance-context';
import type { StreamRecording } from '../record-chat-stream';
import { clip, contentTypeProblem, unreadableStream } from '../stream-facts';
import type { ConformanceCheck } from '../types';

/** The longest silence allowed while streaming (keep-alive comments count). */
export const MAX_SILENCE_MS = 2000;
/** How long the follow-up request after an abort may take. */
export const FOLLOW_UP_LIMIT_MS = 10_000;
/** How long `in_flight` may take to return to its value before the abort. */
export const IN_FLIGHT_SETTLE_MS = 5000;
/** A prompt with a long answer on any model (the scripted model's `[[long N]]`). */
export const LONG_PROMPT =
  'Tell me a long story about lighthouses, in detail. [[long 4000]]';

/** No silence longer than {@link MAX_SILENCE_MS} from request to `[DONE]`. */
export const silenceGapCheck: ConformanceCheck = {
  id: 'silence-gap',
  title: `Max silence while streaming <= ${MAX_SILENCE_MS / 1000}s`,
  async run(context) {
    const recordings: Array<[string, StreamRecording]> = [
      ['simple stream', await context.simpleStream()],
    ];
    const agent = await context.agentRun();
    if ('recording' in agent)
      recordings.push(['agent stream', agent.recording]);
    const problems: string[] = [];
    for (const [name, recording] of recordings) {
      const unreadable = unreadableStream(`the ${name}`, recording);
      if (unreadable) {
        problems.push(unreadable);
        continue;
      }
      const times = [0, ...recording.parts.map(p => p.atMs)];
      if (recording.parts.at(-1)?.part.type !== 'done')
        times.push(recording.durationMs);
      let worst = 0;
      let after = 0;
      for (let index = 1; index < times.length; index++) {
        const gap = times[index]! - times[index - 1]!;
        if (gap > worst) [worst, after] = [gap, index - 1];
      }
      if (worst > MAX_SILENCE_MS) {
        const where =
          after === 0 ? 'before the first event' : `after part ${after}`;
        problems.push(
          `${name}: ${(worst / 1000).toFixed(1)}s of silence ${where}`,
        );
      }
    }
    return { problems };
  },
};

/** After a client abort mid-stream the target stops: it answers promptly and `in_flight` recovers. */
export const abortCheck: ConformanceCheck = {
  id: 'client-abort',
  title: 'Stops work on client abort',
  async run(context) {
    const before = await readInFlight(context);
    const agent = await context.agentRun();
    const prompt = 'recording' in agent ? AGENT_PROMPT : LONG_PROMPT;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), context.timeoutMs);
    try {
      const response = await context.fetch(
        context.url('/v1/chat/completions'),
        {
          method: 'POST',
          headers: context.headers({ 'content-type': 'application/json' }),
          body: JSON.stringify(await context.chatBody(prompt, true)),
          signal: controller.signal,
        },
      );
      const unreadable = await abortAfterFirstToken(response);
      if (unreadable)
        return {
          problems: [`the long stream could not be read: ${unreadable}`],
        };
      controller.abort();
    } catch (error) {
      const cause = controller.signal.aborted
        ? `timed out after ${context.timeoutMs}ms`
        : `POST /v1/chat/completions failed: ${describeError(error)}`;
      return { problems: [`the long stream could not be read: ${cause}`] };
    } finally {
      clearTimeout(timer);
      controller.abort();
    }
    const problems: string[] = [];
    const started = performance.now();
    const followUp = await context
      .request('/v1/chat/completions', {
        method: 'POST',
        contentType: 'application/json',
        body: JSON.stringify(await context.chatBody(SIMPLE_PROMPT, false)),
      })
      .catch((error: Error) => error);
    const took = performance.now() - started;
    if (followUp instanceof Error)
      problems.push(`follow-up request: ${followUp.message}`);
    else if (followUp.status !== 200)
      problems.push(`follow-up request got HTTP ${followUp.status}`);
    else if (took > FOLLOW_UP_LIMIT_MS)
      problems.push(`follow-up request took ${(took / 1000).toFixed(1)}s`);
    if (before !== undefined) {
      const settled = await waitForInFlight(context, before);
      if (settled !== true) {
        problems.push(
          `/health in_flight stayed at ${settled} (was ${before} before the aborted request) for ${IN_FLIGHT_SETTLE_MS / 1000}s`,
        );
      }
    }
    return { problems };
  },
};

/**
 * Reads until the first chunk that carries more than the role, then stops
 * (the caller hangs up). Returns why there was nothing to abort: not a 200
 * SSE response, or a stream that errored or ended before any token.
 */
async function abortAfterFirstToken(
  response: Response,
): Promise<string | undefined> {
  if (response.status !== 200) {
    const body = await response.text().catch(() => '');
    return `expected HTTP 200, got ${response.status}${body ? `: ${clip(body)}` : ''}`;
  }
  const contentType = contentTypeProblem(
    response.headers.get('content-type') ?? '',
  );
  if (contentType) return contentType;
  const stream = parseChatCompletionStream(response, { keepAlives: true });
  for await (const part of stream) {
    if (
      part.type === 'data' &&
      part.value.choices.some(c => Object.keys(c.delta).some(k => k !== 'role'))
    )
      return undefined;
    if (part.type === 'error')
      return `the stream carried no valid chunk (${clip(part.error.message, 200)})`;
    if (part.type === 'done') return 'the stream ended before any token';
  }
  return 'the stream ended before any token';
}

async function readInFlight(
  context: ConformanceContext,
): Promise<number | undefined> {
  const health = await context.request('/health').catch(() => undefined);
  const value = (health?.json as { in_flight?: unknown } | undefined)
    ?.in_flight;
  return typeof value === 'number' ? value : undefined;
}

/** Polls `/health` until `in_flight <= target`; returns true or the last value. */
async function waitForInFlight(
  context: ConformanceContext,
  target: number,
): Promise<true | number | string> {
  const deadline = performance.now() + IN_FLIGHT_SETTLE_MS;
  let last: number | undefined;
  for (;;) {
    last = await readInFlight(context);
    if (last !== undefined && last <= target) return true;
    if (performance.now() > deadline) return last ?? 'unknown';
    await new Promise(resolve => setTimeout(resolve, 100));
  }
}
