import type { CompletionStream } from '@janus/competitor-kit';
import { describe, expect, it } from 'vitest';
import { withToolCallId } from './with-tool-call-id';

/** A writer that records every call made on it. */
function recordingStream() {
  const calls: unknown[][] = [];
  const signal = new AbortController().signal;
  const record =
    (method: string) =>
    (...args: unknown[]) => {
      calls.push([method, ...args]);
    };
  const stream = {
    signal,
    content: record('content'),
    reasoning: record('reasoning'),
    event: record('event'),
    toolCall: record('toolCall'),
    toolCallDelta: record('toolCallDelta'),
    artifacts: record('artifacts'),
    usage: record('usage'),
    error: record('error'),
    finish: record('finish'),
    ready: async () => {},
  } as CompletionStream;
  return { calls, stream };
}

describe('withToolCallId', () => {
  it('should add the id to tool_start and tool_end events that have none', () => {
    const { calls, stream } = recordingStream();
    const tool = withToolCallId(stream, 'call_1');
    tool.event('tool_start', { name: 'run_command', input: { command: 'ls' } });
    tool.event('tool_end', { name: 'run_command', ok: true, output: 'a' });
    expect(calls).toEqual([
      [
        'event',
        'tool_start',
        { name: 'run_command', input: { command: 'ls' }, id: 'call_1' },
      ],
      [
        'event',
        'tool_end',
        { name: 'run_command', ok: true, output: 'a', id: 'call_1' },
      ],
    ]);
  });

  it('should keep an id already given and pass every other write through', () => {
    const { calls, stream } = recordingStream();
    const tool = withToolCallId(stream, 'call_1');
    tool.event('tool_start', { name: 'x', id: 'own' });
    tool.event('status', { message: 'working' });
    tool.reasoning('$ ls\n');
    tool.content('done');
    expect(calls).toEqual([
      ['event', 'tool_start', { name: 'x', id: 'own' }],
      ['event', 'status', { message: 'working' }],
      ['reasoning', '$ ls\n'],
      ['content', 'done'],
    ]);
    expect(tool.signal).toBe(stream.signal);
  });

  it('should return the writer itself without an id', () => {
    const { stream } = recordingStream();
    expect(withToolCallId(stream, undefined)).toBe(stream);
  });
});
