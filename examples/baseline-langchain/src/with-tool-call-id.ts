import type { CompletionStream } from '@janus/competitor-kit';
import type { JanusEventName, JanusEventPayload } from '@janus/protocol';

/**
 * The stream writer with `id` added to the `tool_start` and `tool_end`
 * events written through it (when they carry none), so the events of one
 * tool call pair up by id on the wire. For code that writes its own tool
 * events without an `id` option, such as the kit's `runCommand`; every
 * other write goes to `stream` unchanged.
 *
 * @param stream The request's writer.
 * @param id The tool call id (`undefined`: `stream` itself).
 * @returns A writer for that one tool call.
 */
export function withToolCallId(
  stream: CompletionStream,
  id: string | undefined,
): CompletionStream {
  if (id === undefined) return stream;
  return {
    content: text => stream.content(text),
    reasoning: text => stream.reasoning(text),
    event: <Name extends JanusEventName>(
      name: Name,
      payload: JanusEventPayload<Name>,
    ) => {
      const unpaired =
        (name === 'tool_start' || name === 'tool_end') &&
        (payload as { id?: string }).id === undefined;
      // Only tool payloads get here with `unpaired`, and both take an `id`.
      stream.event(
        name,
        unpaired ? ({ ...payload, id } as JanusEventPayload<Name>) : payload,
      );
    },
    toolCall: call => stream.toolCall(call),
    toolCallDelta: delta => stream.toolCallDelta(delta),
    artifacts: items => stream.artifacts(items),
    usage: usage => stream.usage(usage),
    error: error => stream.error(error),
    finish: reason => stream.finish(reason),
    ready: () => stream.ready(),
    get signal() {
      return stream.signal;
    },
  };
}
