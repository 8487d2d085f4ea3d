import { Duplex, type Transform } from 'node:stream';
import { createInflate, createInflateRaw, type ZlibOptions } from 'node:zlib';

/**
 * Decompresses a `content-encoding: deflate` body as browsers and the
 * global `fetch` do: with the zlib wrapper (RFC 1950, what RFC 9110 asks
 * for) or raw (RFC 1951, what some servers send instead), told apart by the
 * first two bytes. zlib's `createInflate` alone fails a raw body with
 * "incorrect header check".
 *
 * The first two bytes are a zlib header when the compression method is 8,
 * the window at most 32 KiB and the 16-bit check a multiple of 31 (Firefox's
 * test). undici looks at the method nibble only; a raw stream's first byte
 * has that nibble only for a non-final stored block with a set padding bit,
 * which no encoder writes, so both choose alike on real bodies.
 *
 * Backpressure passes through: a write completes only once the inflater has
 * taken it (it holds back while its output is unread), and its output is
 * pushed only while this stream's reader wants more. An inflater error
 * destroys this stream with that error.
 *
 * @internal
 */
export class DeflateDecoder extends Duplex {
  readonly #options: ZlibOptions;
  #inflater: Transform | undefined;
  /** The bytes that came before the choice (fewer than two). */
  #head: Buffer = Buffer.alloc(0);
  /** `_read` was called and no `push` has said "enough" since. */
  #wanted = false;

  /** @param options For the inflater (`finishFlush`, say). */
  constructor(options: ZlibOptions) {
    super();
    this.#options = options;
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (error?: Error | null) => void,
  ): void {
    let inflater = this.#inflater;
    if (inflater === undefined) {
      const head = Buffer.concat([this.#head, chunk]);
      if (head.byteLength < 2) {
        this.#head = head;
        callback();
        return;
      }
      inflater = this.#start(head);
      chunk = head;
    }
    // The inflater's own error, not "write after destroy", is the failure.
    inflater.write(chunk, error => callback(inflater.errored ?? error));
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.#inflater === undefined) {
      if (this.#head.byteLength === 0) {
        this.push(null);
        callback();
        return;
      }
      // One byte in all: whichever inflater fails it or yields nothing.
      this.#start(this.#head).write(this.#head);
    }
    this.#inflater!.end();
    callback();
  }

  override _read(): void {
    this.#wanted = true;
    this.#pump();
  }

  /** Moves inflated bytes on while this stream's reader wants more. */
  #pump(): void {
    const inflater = this.#inflater;
    if (inflater === undefined) return;
    while (this.#wanted) {
      const chunk: Buffer | null = inflater.read();
      if (chunk === null) return;
      this.#wanted = this.push(chunk);
    }
  }

  override _destroy(
    error: Error | null,
    callback: (error?: Error | null) => void,
  ): void {
    this.#inflater?.destroy();
    callback(error);
  }

  #start(head: Buffer): Transform {
    const inflater = hasZlibHeader(head)
      ? createInflate(this.#options)
      : createInflateRaw(this.#options);
    this.#inflater = inflater;
    this.#head = Buffer.alloc(0);
    inflater.on('readable', () => this.#pump());
    inflater.on('end', () => this.push(null));
    inflater.on('error', error => this.destroy(error));
    return inflater;
  }
}

/** Whether the first two bytes are a zlib (RFC 1950) header. */
function hasZlibHeader(head: Buffer): boolean {
  const method = head[0]!;
  const flags = head[1]!;
  return (
    (method & 0x0f) === 8 &&
    method >> 4 <= 7 &&
    (method * 256 + flags) % 31 === 0
  );
}
