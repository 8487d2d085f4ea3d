import { describe, expect, it } from 'vitest';
import { readToEndOnCancel } from './read-to-end-on-cancel';

/** A body that sends one chunk, then ends only when `end()` is called. */
function slowBody() {
  const state = { cancelled: false, ended: false, end: () => {} };
  const ending = new Promise<void>(resolve => {
    state.end = resolve;
  });
  let pulls = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        pulls++;
        if (pulls === 1) return controller.enqueue(new Uint8Array([1]));
        await ending;
        state.ended = true;
        controller.close();
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

describe('readToEndOnCancel', () => {
  it('should read the body to its end when its reader is cancelled without an abort', async () => {
    const { body, state } = slowBody();
    const reader = readToEndOnCancel({
      body,
      signal: new AbortController().signal,
    }).getReader();
    expect((await reader.read()).value).toEqual(new Uint8Array([1]));
    const cancelled = reader.cancel();
    state.end();
    await cancelled;
    expect(state).toMatchObject({ ended: true, cancelled: false });
  });

  it('should cut the body at once after an abort', async () => {
    const { body, state } = slowBody();
    const abort = new AbortController();
    const reader = readToEndOnCancel({
      body,
      signal: abort.signal,
    }).getReader();
    await reader.read();
    abort.abort();
    await reader.cancel();
    expect(state).toMatchObject({ ended: false, cancelled: true });
  });

  it('should cut a body that does not end in time after all', async () => {
    const { body, state } = slowBody();
    const reader = readToEndOnCancel({
      body,
      signal: new AbortController().signal,
      _internal: { maxDrainMs: 5 },
    }).getReader();
    await reader.read();
    await reader.cancel();
    expect(state).toMatchObject({ ended: false, cancelled: true });
  });
});
