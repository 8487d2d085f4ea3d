import { describe, expect, it, vi } from 'vitest';
import { arrivalOffsets, schedule } from './schedule';

describe('arrivalOffsets', () => {
  it('should space constant arrivals by 1000/rate', () => {
    expect(arrivalOffsets({ count: 4, rate: 10, arrival: 'constant' })).toEqual(
      [0, 100, 200, 300],
    );
  });

  it('should draw reproducible Poisson arrivals averaging the rate', () => {
    const a = arrivalOffsets({ count: 5000, rate: 20, seed: 3 });
    expect(arrivalOffsets({ count: 5000, rate: 20, seed: 3 })).toEqual(a);
    const meanGap = a.at(-1)! / (a.length - 1);
    expect(meanGap).toBeGreaterThan(45);
    expect(meanGap).toBeLessThan(55);
  });
});

describe('schedule', () => {
  it('should keep at most N items in flight in closed loop', async () => {
    let inFlight = 0;
    let peak = 0;
    await schedule({
      items: Array.from({ length: 20 }, (_, index) => index),
      concurrency: 3,
      run: async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise(resolve => setImmediate(resolve));
        inFlight--;
      },
    });
    expect(peak).toBe(3);
  });

  it('should wait for each precomputed arrival in open loop', async () => {
    const waits: number[] = [];
    const started: number[] = [];
    await schedule({
      items: [0, 1, 2],
      rate: 1,
      arrival: 'constant',
      sleep: async ms => void waits.push(Math.round(ms / 100) * 100),
      run: async item => void started.push(item),
    });
    expect(started).toEqual([0, 1, 2]);
    expect(waits).toEqual([1000, 2000]);
  });

  it('should end the open-loop wait at once on abort, leaving no timer', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const controller = new AbortController();
      const started: number[] = [];
      let finished = false;
      const done = schedule({
        items: [0, 1],
        rate: 1,
        arrival: 'constant',
        signal: controller.signal,
        run: async item => void started.push(item),
      }).then(() => {
        finished = true;
      });
      await new Promise(resolve => setImmediate(resolve));
      expect(vi.getTimerCount()).toBe(1); // waiting for the second arrival
      controller.abort();
      await new Promise(resolve => setImmediate(resolve));
      expect(finished).toBe(true);
      expect(vi.getTimerCount()).toBe(0);
      expect(started).toEqual([0]);
      await done;
    } finally {
      vi.useRealTimers();
    }
  });

  it('should wait out an arrival beyond the longest timer instead of sending it at once', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const started: number[] = [];
      // One request per 10^10 ms: more than one setTimeout can wait.
      const done = schedule({
        items: [0, 1],
        rate: 1e-7,
        arrival: 'constant',
        run: async item => void started.push(item),
      });
      await vi.advanceTimersByTimeAsync(1e10 - 1000);
      expect(started).toEqual([0]);
      await vi.advanceTimersByTimeAsync(1000);
      await done;
      expect(started).toEqual([0, 1]);
    } finally {
      vi.useRealTimers();
    }
  });
});
