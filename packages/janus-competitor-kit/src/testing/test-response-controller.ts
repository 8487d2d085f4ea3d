/**
 * Drives a `controlled-stream` test response by hand: write chunks, then
 * close or fail it, at the moments a test chooses (e.g. between assertions
 * about keep-alives or aborts).
 */
export class TestResponseController {
  private controller: ReadableStreamDefaultController<Uint8Array> | undefined;
  private readonly encoder = new TextEncoder();
  private readonly pending: Array<
    (controller: ReadableStreamDefaultController<Uint8Array>) => void
  > = [];
  private cancelled = false;

  /** Whether the client cancelled (disconnected from) the stream. */
  get isCancelled(): boolean {
    return this.cancelled;
  }

  /** @internal A fresh body stream bound to this controller. */
  createStream(): ReadableStream<Uint8Array> {
    this.cancelled = false;
    return new ReadableStream<Uint8Array>({
      start: controller => {
        this.controller = controller;
        for (const action of this.pending.splice(0)) action(controller);
      },
      cancel: () => {
        this.cancelled = true;
      },
    });
  }

  /** Writes a text chunk (e.g. an SSE frame) to the response body. */
  write(text: string): void {
    this.run(controller => controller.enqueue(this.encoder.encode(text)));
  }

  /** Ends the response body. */
  close(): void {
    this.run(controller => controller.close());
  }

  /** Fails the response body mid-stream (the client sees a broken connection). */
  error(error: unknown = new Error('controlled stream error')): void {
    this.run(controller => controller.error(error));
  }

  private run(
    action: (controller: ReadableStreamDefaultController<Uint8Array>) => void,
  ): void {
    if (this.controller) action(this.controller);
    else this.pending.push(action);
  }
}
