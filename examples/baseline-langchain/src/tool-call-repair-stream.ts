import {
  createToolCallIdRepair,
  createToolCallIndexRepair,
  DEFAULT_MAX_EVENT_SIZE,
  JsonEventDecoder,
  SseParseError,
  type SseStreamPart,
} from '@janus/protocol';

/**
 * Most text held for one event: the decoder's limit on its data, plus room
 * for `data: ` prefixes and other lines. Bounds memory when the upstream never
 * ends an event.
 */
const maxHeldSize = DEFAULT_MAX_EVENT_SIZE + 64 * 1024;

/** A line of the upstream's text and the line end it came with (`''` at the very end). */
interface Line {
  text: string;
  end: string;
  /** A `data` field (the protocol's decoder reads its value). */
  data: boolean;
}

/**
 * Gives streamed tool calls without an `id` one (`createToolCallIdRepair`,
 * then `createToolCallIndexRepair`) in an SSE text stream, and changes
 * nothing else: text in, text out.
 *
 * `@janus/protocol`'s {@link JsonEventDecoder} reads the stream (fields,
 * events, `[DONE]`, the repairs); this class only splits lines, with the
 * decoder's rules (LF, CR, CRLF), to know which text each event came as.
 * Lines go out as soon as they are complete, except from an event's first
 * `data` line to its blank line: then the decoder says whether the repairs
 * changed the payload. If they did, the event's `data` lines become one
 * with the repaired JSON and its other lines stay where they were; if not,
 * the event goes out as received. An event over the decoder's 8 MiB (or
 * held text over {@link maxHeldSize}) errors the stream with an
 * `SseParseError`.
 *
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html#parsing-an-event-stream
 */
export class ToolCallRepairStream extends TransformStream<string, string> {
  constructor() {
    const ids = createToolCallIdRepair();
    const indexes = createToolCallIndexRepair();
    const decoder = new JsonEventDecoder<unknown>({
      raw: true,
      requireDone: false,
      // `{"error":…}` events are data to forward, for the OpenAI client to raise.
      detectErrorEvents: false,
      repair: value => {
        // Ids first: a fragment without index that gets an id starts a new call.
        const named = ids(value);
        return indexes(value) || named;
      },
    });
    /** Text after the last complete line. */
    let partial = '';
    /** The current event's lines from its first `data` line on. */
    let held: Line[] = [];
    let heldSize = 0;
    let first = true;

    /** Takes one complete line; returns the text to send on now. */
    const onLine = (line: Omit<Line, 'data'>): string => {
      // The decoder strips a BOM that starts the stream; so does the check.
      const field = first ? line.text.replace(/^\uFEFF/, '') : line.text;
      first = false;
      const data = field === 'data' || field.startsWith('data:');
      const parts: SseStreamPart<unknown>[] = [];
      // The line end is known here: LF keeps the decoder from waiting for
      // the LF that may follow a CR.
      decoder.push(`${line.text}\n`, part => parts.push(part));
      throwIfFatal(parts);
      if (line.text === '') {
        // A blank line ends the event: the decoder dispatched it.
        const text = render(held, parts) + line.end;
        held = [];
        heldSize = 0;
        return text;
      }
      if (held.length === 0 && !data) return line.text + line.end;
      held.push({ ...line, data });
      heldSize += line.text.length + line.end.length;
      return '';
    };

    super({
      transform(chunk, controller) {
        let out = '';
        // A piece of a long line: no need to search the whole line again.
        if (!/[\r\n]/.test(chunk) && !partial.endsWith('\r')) partial += chunk;
        else
          partial = splitLines(partial + chunk, line => {
            out += onLine(line);
          });
        if (heldSize + partial.length > maxHeldSize) throw tooLarge();
        // One write per chunk read, not one per line.
        if (out !== '') controller.enqueue(out);
      },
      flush(controller) {
        // A last line without its line end (a lone CR is one).
        let out =
          partial === ''
            ? ''
            : onLine(
                partial.endsWith('\r')
                  ? { text: partial.slice(0, -1), end: '\r' }
                  : { text: partial, end: '' },
              );
        // The decoder dispatches an event left without its blank line.
        const parts: SseStreamPart<unknown>[] = [];
        decoder.end(part => parts.push(part));
        throwIfFatal(parts);
        out += render(held, parts);
        if (out !== '') controller.enqueue(out);
      },
    });
  }
}

/**
 * Calls `onLine` for each complete line of `text`; returns the rest. A CR
 * at the very end may be the first half of a CRLF, so it waits for more
 * text (as `eventsource-parser` does).
 */
function splitLines(
  text: string,
  onLine: (line: Omit<Line, 'data'>) => void,
): string {
  let start = 0;
  for (;;) {
    const lf = text.indexOf('\n', start);
    const cr = text.indexOf('\r', start);
    const at = cr === -1 || (lf !== -1 && lf < cr) ? lf : cr;
    if (at === -1 || (at === cr && at === text.length - 1)) break;
    const end = at !== cr ? '\n' : text[at + 1] === '\n' ? '\r\n' : '\r';
    onLine({ text: text.slice(start, at), end });
    start = at + end.length;
  }
  return text.slice(start);
}

/**
 * An event's held lines: as received, unless the decoder's `data` part for
 * it has no `raw` (the repairs changed the payload). Then its `data` lines
 * become one, where the first was, with the repaired JSON.
 */
function render(held: Line[], parts: SseStreamPart<unknown>[]): string {
  const event = parts.find(part => part.type === 'data');
  const repaired = event !== undefined && event.raw === undefined;
  let text = '';
  let wrote = false;
  for (const line of held) {
    if (!repaired || !line.data) text += line.text + line.end;
    else if (!wrote) {
      wrote = true;
      // Keeps a BOM that started the stream (it is not part of the field).
      const bom = line.text.startsWith('\uFEFF') ? '\uFEFF' : '';
      text += `${bom}data: ${JSON.stringify(event.value)}${line.end}`;
    }
  }
  return text;
}

/** Throws the error that ends decoding (an event too large), if any. */
function throwIfFatal(parts: SseStreamPart<unknown>[]): void {
  for (const part of parts)
    if (
      part.type === 'error' &&
      SseParseError.isInstance(part.error) &&
      part.error.kind === 'event_too_large'
    )
      throw part.error;
}

function tooLarge(): SseParseError {
  return new SseParseError({
    kind: 'event_too_large',
    message: `SSE event exceeds the maximum size of ${maxHeldSize} characters`,
  });
}
