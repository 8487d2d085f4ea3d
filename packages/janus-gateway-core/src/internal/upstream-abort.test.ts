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
});
