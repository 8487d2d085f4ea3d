import { JanusError } from '@janus/protocol';
import { describe, expect, it } from 'vitest';
import { expectInvalidOption } from '../internal/expect-invalid-option.test-util';
import { ArtifactRefusedError } from './artifact-refused-error';
import { createArtifactStore } from './create-artifact-store';

// The kit's stores refuse as a custom store can: an ArtifactRefusedError,
// whose code is still payload_too_large.
const isTooLarge = (error: unknown) =>
  ArtifactRefusedError.isInstance(error) &&
  JanusError.isInstance(error) &&
  error.code === 'payload_too_large';

describe('createArtifactStore', () => {
  it('should refuse a put that would go over maxBytes, keep nothing of it, and take it once there is room', async () => {
    let clock = 0;
    const store = createArtifactStore({
      maxBytes: 10,
      ttlSeconds: 60,
      now: () => clock,
    });
    const six = await store.put({ name: 'a.bin', bytes: new Uint8Array(6) });
    const over = store.put({ name: 'b.bin', bytes: new Uint8Array(5) });
    await expect(over).rejects.toThrow(
      /^createArtifactStore: b\.bin does not fit: 6 bytes held, 5 for this one; maxBytes is 10$/,
    );
    await expect(over).rejects.toSatisfy(isTooLarge);
    // Exactly full is fine.
    const four = await store.put({ name: 'c.bin', bytes: new Uint8Array(4) });
    await store.delete(four.id);
    await store.put({ name: 'd.bin', bytes: new Uint8Array(4) });
    // Expired artifacts are swept before the check.
    clock += 60_000;
    await store.put({ name: 'e.bin', bytes: new Uint8Array(10) });
    expect(await store.stat(six.id)).toBeUndefined();
  });

  it('should stop reading a stream that goes over maxBytes and cancel it', async () => {
    const store = createArtifactStore({ maxBytes: 1024 });
    let pulls = 0;
    let cancelled = false;
    // 10 000 bytes in all: the store must give up long before the end.
    const large = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(100));
        if (pulls === 100) controller.close();
      },
      cancel() {
        cancelled = true;
      },
    });
    await expect(
      store.put({ name: 'big.bin', stream: large }),
    ).rejects.toSatisfy(isTooLarge);
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThanOrEqual(12);
    // Its bytes were released: the whole budget is free.
    await store.put({ name: 'full.bin', bytes: new Uint8Array(1024) });
  });

  it('should count puts still reading against the budget', async () => {
    const store = createArtifactStore({ maxBytes: 10 });
    let release = () => {};
    const slow = store.put({
      name: 'slow.bin',
      stream: (async function* () {
        yield new Uint8Array(8);
        await new Promise<void>(resolve => {
          release = resolve;
        });
      })(),
    });
    await new Promise(resolve => setTimeout(resolve, 10));
    const refused = store.put({ name: 'fast.bin', bytes: new Uint8Array(3) });
    await expect(refused).rejects.toSatisfy(isTooLarge);
    // "0 bytes held, maxBytes is 10" alone read as a bug: say what is arriving.
    await expect(refused).rejects.toThrow(
      /^createArtifactStore: fast\.bin does not fit: 0 bytes held, 8 arriving for other puts, 3 for this one; maxBytes is 10$/,
    );
    release();
    expect((await slow).size_bytes).toBe(8);
  });

  it.each([
    [
      { maxBytes: 0 },
      /^createArtifactStore: maxBytes must be a whole number of at least 1 \(got 0\)$/,
    ],
    [{ maxBytes: Number.NaN }, /maxBytes must be a whole number/],
    [
      { ttlSeconds: 0 },
      /^createArtifactStore: ttlSeconds must be a whole number from 1 to \d+ \(got 0\)$/,
    ],
    [{ ttlSeconds: 0.5 }, /ttlSeconds must be a whole number/],
    [
      { baseUrl: 42 },
      /^createArtifactStore: baseUrl must be a string \(got 42\)$/,
    ],
  ])('should refuse %o at creation, naming the option', (options, message) => {
    const create = () =>
      createArtifactStore(options as Parameters<typeof createArtifactStore>[0]);
    expectInvalidOption(create, message);
  });

  it('should put URLs under baseUrl', async () => {
    const store = createArtifactStore({ baseUrl: 'https://c.example/files//' });
    const artifact = await store.put({
      name: 'a.txt',
      bytes: new Uint8Array(1),
    });
    expect(artifact.url).toBe(`https://c.example/files/${artifact.id}`);
  });
});
