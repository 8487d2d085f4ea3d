/**
 * Input for the decode benchmark: realistic OpenAI-style
 * `chat.completion.chunk` events (150–250 bytes each) framed as SSE and cut
 * into network-sized pieces, like a `fetch` body delivers them.
 */

const words = [
  ' the',
  ' model',
  ' answer',
  ',',
  ' streaming',
  ' token',
  ' is',
  ' a',
  ' quick',
  ' brown',
  ' fox',
  '.',
  '\\n\\n',
  ' über',
  ' 東京',
  ' ✓',
];

/** One realistic chunk as JSON text; `index` varies the content. */
export function typicalChunkJson(index: number): string {
  const content = `${words[index % words.length]}${words[(index * 7) % words.length]}`;
  const delta =
    index % 10 === 9
      ? `{"reasoning_content":"${content}"}`
      : `{"content":"${content}"}`;
  // Every third chunk looks like a vLLM/OpenRouter chunk (no fingerprint).
  const fingerprint =
    index % 3 === 2 ? '' : '"system_fingerprint":"fp_eb9dce56a8",';
  return `{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion.chunk","created":1741570283,"model":"gpt-4o-mini",${fingerprint}"choices":[{"index":0,"delta":${delta},"logprobs":null,"finish_reason":null}]}`;
}

/**
 * A pool of SSE bytes holding `count` whole events, cut into `pieceSize`
 * pieces (the last one shorter). Events cross piece boundaries, as on a real
 * socket.
 */
export function createPool(options: { count: number; pieceSize: number }): {
  pieces: Uint8Array[];
  bytes: number;
} {
  let text = '';
  for (let index = 0; index < options.count; index++)
    text += `data: ${typicalChunkJson(index)}\n\n`;
  const all = new TextEncoder().encode(text);
  const pieces: Uint8Array[] = [];
  for (let offset = 0; offset < all.length; offset += options.pieceSize)
    pieces.push(all.subarray(offset, offset + options.pieceSize));
  return { pieces, bytes: all.length };
}

const doneBytes = new TextEncoder().encode('data: [DONE]\n\n');

/**
 * A lazily produced byte stream: the pool's pieces `repeat` times, then
 * `[DONE]`. Nothing but the pool is held in memory, so a 1 GB stream costs
 * no more than a 10 MB one.
 */
export function createPoolStream(options: {
  pieces: Uint8Array[];
  repeat: number;
}): ReadableStream<Uint8Array> {
  let round = 0;
  let index = 0;
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (round === options.repeat) {
          controller.enqueue(doneBytes);
          controller.close();
          return;
        }
        controller.enqueue(options.pieces[index] as Uint8Array);
        index++;
        if (index === options.pieces.length) {
          index = 0;
          round++;
        }
      },
    },
    { highWaterMark: 0 },
  );
}
