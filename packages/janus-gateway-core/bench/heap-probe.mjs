/**
 * Preloaded into a proxy process by bench/heap-per-stream.ts
 * (`node --expose-gc --import ./bench/heap-probe.mjs …`): on SIGUSR2 it runs
 * a full GC and prints `heap-probe {"heapUsed":…}` on stderr.
 */
process.on('SIGUSR2', () => {
  globalThis.gc();
  const { heapUsed } = process.memoryUsage();
  process.stderr.write(`heap-probe ${JSON.stringify({ heapUsed })}\n`);
});
