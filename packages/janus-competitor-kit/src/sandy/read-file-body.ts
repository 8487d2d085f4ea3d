import { fileReadResponseSchema } from '@janus/protocol';
import { base64ToBytes } from '../internal/base64';

/**
 * @internal The bytes of a `files/read` answer: the raw body, or the content
 * of a JSON `{content, encoding}` wrapper (hosted Sandy); a JSON file that
 * is not such a wrapper is its own bytes.
 */
export async function readFileBody(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (!isJson(response)) return bytes;
  return readWrapped(new TextDecoder().decode(bytes)) ?? bytes;
}

/**
 * @internal The same bytes as a stream: a raw body streams as it arrives
 * (a large file never sits in memory whole); a JSON one has to be decoded
 * first, so it is read whole.
 */
export async function fileBodyStream(
  response: Response,
): Promise<ReadableStream<Uint8Array>> {
  if (!isJson(response)) return response.body ?? new Blob([]).stream();
  const bytes = await readFileBody(response);
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

function isJson(response: Response): boolean {
  return (response.headers.get('content-type') ?? '').includes(
    'application/json',
  );
}

function readWrapped(text: string): Uint8Array | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const result = fileReadResponseSchema.safeParse(value);
  if (!result.success) return undefined;
  const { content, encoding } = result.data;
  return encoding === 'base64'
    ? base64ToBytes(content)
    : new TextEncoder().encode(content);
}
