/**
 * @janus/protocol: the Janus wire contract. Web APIs only (Node, browsers,
 * edge runtimes). Schemas, SSE decode/encode, accumulation, errors and the
 * byte-range parser the artifact servers share.
 */

export * from './accumulate/index';
export * from './errors/index';
export * from './http/index';
export type { AsyncIterableStream } from './internal/async-iterable-stream';
export { createAsyncIterableStream } from './internal/async-iterable-stream';
export * from './schemas/index';
export * from './sse/index';
export { VERSION } from './version';
