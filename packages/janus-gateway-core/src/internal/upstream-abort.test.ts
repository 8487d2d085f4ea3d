import { describe, expect, it } from 'vitest';
import { UpstreamAbort } from './direct-io';

describe('UpstreamAbort', () => {
  it('should abort its signal and tell each listener once, with the reason', () => {
    const upstream = new UpstreamAbort();
    const seen: unknown[] = [];
    upstream.onAbort(reason => seen.push(['a', reason]));
    const unsubscribe = upstream.onAbort(reason => seen.push(['b', reason]));
    unsubscribe();
    const reason = new Error('gone');
    upstream.abort(reason);
    upstream.abort(new Error('again'));
    expect(upstream.signal.aborted).toBe(true);
    expect(upstream.signal.reason).toBe(reason);
    expect(seen).toEqual([['a', reason]]);
  });

  it('should give a default reason, and tell a late listener on the next microtask', async () => {
    const upstream = new UpstreamAbort();
    upstream.abort();
    const seen: unknown[] = [];
    upstream.onAbort(reason => seen.push(reason));
    expect(seen).toEqual([]);
    await Promise.resolve();
    expect(seen).toHaveLength(1);
    expect((seen[0] as DOMException).name).toBe('AbortError');
    expect(seen[0]).toBe(upstream.signal.reason);
  });

  it('should make its signal only when asked, aborted with the same reason either way', () => {
    // Asked for before the abort: the abort reaches it.
    const early = new UpstreamAbort();
    const signal = early.signal;
    expect(signal.aborted).toBe(false);
    expect(early.aborted).toBe(false);
    expect(early.reason).toBeUndefined();
    const reason = new Error('timeout');
    early.abort(reason);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(reason);
    expect(early.signal).toBe(signal);
    // Asked for after it: born aborted, with the reason.
    const late = new UpstreamAbort();
    late.abort(reason);
    expect(late.aborted).toBe(true);
    expect(late.reason).toBe(reason);
    expect(late.signal.aborted).toBe(true);
    expect(late.signal.reason).toBe(reason);
  });
});
