/**
 * What the conformance test target streams, per prompt and defect.
 * Test-only.
 */
import { createHash } from 'node:crypto';

/** One way the target can break the contract. */
export type TargetDefect =
  | 'health-shape'
  | 'health-null'
  | 'models-shape'
  | 'no-role'
  | 'no-usage'
  | 'non-stream-shape'
  | 'content-mismatch'
  | 'content-before-reasoning'
  | 'bad-janus-event'
  | 'unpaired-tool'
  | 'bad-artifact-sha'
  | 'artifact-404'
  | 'long-silence'
  | 'accept-empty-messages'
  | 'html-bad-json'
  | 'accept-wrong-types'
  | 'ignore-abort'
  | 'data-after-done'
  | 'no-done'
  | 'stay-open'
  | 'no-artifacts'
  | 'stream-500'
  | 'stream-garbage'
  /** Every path answers 200 with a web server's HTML page. */
  | 'html-everywhere'
  /** `stream: true` gets the non-streamed JSON completion. */
  | 'ignore-stream'
  /** No request ever gets an answer. */
  | 'hang'
  /** `GET /health` never gets an answer; the rest works. */
  | 'hang-health'
  /** Invalid requests get HTTP 200 with the error as the answer text. */
  | 'error-as-content'
  /** Valid prompts get an upstream failure as the answer text. */
  | 'answer-error-text'
  /** Invalid requests get HTTP 200 with a legitimate answer. */
  | 'answer-invalid-requests'
  /** Invalid streamed requests get a stream that ends with an error event. */
  | 'error-event-for-invalid';

/** The file the agent prompt produces (served at `/artifacts/output.txt`). */
export const ARTIFACT = Buffer.from('1\n4\n9\n16\n25\n36\n49\n64\n81\n100\n');

/** The deltas (objects) and pauses (numbers, ms) of an answer. */
export function script(options: {
  prompt: string;
  defects: Set<TargetDefect>;
  sandbox: boolean;
}): Array<object | number | 'ping'> {
  const { prompt, defects } = options;
  if (prompt.includes('[[long')) {
    return Array.from({ length: 400 }, (_, index) =>
      index % 2 === 0 ? 20 : { content: `word${index} ` },
    );
  }
  if (!prompt.startsWith('Write a small Python program') || !options.sandbox) {
    const reasoning = { reasoning_content: 'Thinking.' };
    const answer = defects.has('answer-error-text')
      ? [{ content: 'Error: upstream ' }, { content: 'LLM answered 503' }]
      : [{ content: 'Par' }, { content: 'is' }];
    return defects.has('content-before-reasoning')
      ? [...answer, reasoning]
      : [reasoning, ...answer];
  }
  const sha = createHash('sha256').update(ARTIFACT).digest('hex');
  const artifact = {
    id: 'artf_output',
    type: 'file',
    mime_type: 'text/plain',
    display_name: 'output.txt',
    size_bytes: ARTIFACT.length,
    created_at: new Date(0).toISOString(),
    ttl_seconds: 3600,
    url: '/artifacts/output.txt',
    sha256: defects.has('bad-artifact-sha') ? '0'.repeat(64) : sha,
  };
  const tool = defects.has('bad-janus-event')
    ? { janus: { event: 'tool_start', payload: { tool: 'run_command' } } }
    : {
        janus: {
          event: 'tool_start',
          payload: {
            name: 'run_command',
            input: { command: 'python3 program.py' },
          },
        },
      };
  return [
    { janus: { event: 'sandbox_start', payload: { sandbox_id: 'sbx_1' } } },
    { reasoning_content: 'Sandbox created.\n' },
    100,
    'ping',
    ...(defects.has('unpaired-tool') ? [] : [tool]),
    100,
    defects.has('long-silence') ? 2500 : 100,
    {
      janus: {
        event: 'tool_end',
        payload: { name: 'run_command', ok: true, output: '1 4 9' },
      },
    },
    { reasoning_content: 'Ran the program.\n' },
    100,
    { content: 'I wrote program.py and saved its output to output.txt.' },
    ...(defects.has('no-artifacts')
      ? []
      : [{ janus: { event: 'artifacts', payload: { items: [artifact] } } }]),
    ...(defects.has('unpaired-tool')
      ? []
      : [
          {
            janus: {
              event: 'sandbox_end',
              payload: { sandbox_id: 'sbx_1', duration_ms: 400 },
            },
          },
        ]),
  ];
}
