import {
  type CompletionStream,
  runCommand,
  type Sandbox,
} from '@janus/competitor-kit';
import { type ToolRunnableConfig, tool } from '@langchain/core/tools';
import { z } from 'zod/v4';
import { withToolCallId } from './with-tool-call-id';

/** Tool output kept for the model, in characters. */
const MAX_OUTPUT = 4000;
/** Tool output shown in a `tool_end` event, in characters. */
const EVENT_OUTPUT = 500;

/**
 * The agent's LangChain tools, each running in the request's sandbox and
 * reporting itself on the stream (`tool_start`, output as reasoning,
 * `tool_end`): `run_command` (a shell command in `/workspace`, via the kit's
 * `runCommand`), `write_file` and `read_file` (paths relative to
 * `/workspace`). Names match the Sandy built-in agent's, so any
 * OpenAI-compatible model (and the scripted model's agent rules) drives them.
 * Invoked with a LangChain `ToolCall` (as the agent loop does), a tool gives
 * both its events the call's `id`, which pairs them on the wire as in
 * baseline-agent-cli; invoked with bare arguments, the events have none.
 *
 * @param options.sandbox From the kit's `withSandbox`.
 * @param options.stream The competitor's stream writer.
 * @returns The tools, ready for `bindTools`.
 */
export function createSandboxTools(options: {
  sandbox: Sandbox;
  stream: CompletionStream;
}) {
  const { sandbox, stream } = options;
  const { sandy, id: sandboxId, signal } = sandbox;
  /** Wraps a file tool in `tool_start`/`tool_end`; failures become tool output. */
  const reported = async (
    name: string,
    input: Record<string, unknown>,
    config: ToolRunnableConfig | undefined,
    work: () => Promise<string>,
  ) => {
    const writer = withToolCallId(stream, callId(config));
    writer.event('tool_start', { name, input });
    let output: string;
    let ok = true;
    try {
      output = await work();
    } catch (error) {
      if (signal.aborted) throw error;
      ok = false;
      output = `Error: ${error instanceof Error ? error.message : String(error)}`;
    }
    writer.event('tool_end', {
      name,
      ok,
      output: output.slice(0, EVENT_OUTPUT),
    });
    stream.reasoning(`Tool finished: ${name} (${ok ? 'ok' : 'failed'})\n`);
    return clip(output);
  };
  return [
    tool(
      async ({ command }, config) => {
        try {
          const result = await runCommand({
            sandbox,
            // The kit writes the tool events; this adds the call's id to them.
            stream: withToolCallId(stream, callId(config)),
            command,
            cwd: '/workspace',
          });
          return clip(
            `exit code ${result.exitCode}\n${result.stdout}${result.stderr}`,
          );
        } catch (error) {
          // runCommand has closed its tool (`tool_end {ok:false}`); the
          // model gets the error as the tool's output.
          if (signal.aborted) throw error;
          return `Error: ${error instanceof Error ? error.message : String(error)}`;
        }
      },
      {
        name: 'run_command',
        description:
          'Run a shell command in the sandbox (cwd /workspace; python3 and coreutils, no network). Save files for the user under artifacts/.',
        schema: z.object({ command: z.string().describe('The shell command') }),
      },
    ),
    tool(
      ({ path, content }, config) =>
        reported('write_file', { path }, config, async () => {
          await sandy.writeFile({
            sandboxId,
            path: inWorkspace(path),
            content,
            signal,
          });
          return `wrote ${content.length} characters to ${path}`;
        }),
      {
        name: 'write_file',
        description:
          'Write a UTF-8 text file in the sandbox (path relative to /workspace).',
        schema: z.object({ path: z.string(), content: z.string() }),
      },
    ),
    tool(
      ({ path }, config) =>
        reported('read_file', { path }, config, async () => {
          const bytes = await sandy.readFile({
            sandboxId,
            path: inWorkspace(path),
            signal,
          });
          return new TextDecoder().decode(bytes);
        }),
      {
        name: 'read_file',
        description:
          'Read a UTF-8 text file from the sandbox (path relative to /workspace).',
        schema: z.object({ path: z.string() }),
      },
    ),
  ];
}

/** The id of the tool call being run, when the tool was invoked with one. */
function callId(config: ToolRunnableConfig | undefined): string | undefined {
  return config?.toolCall?.id || undefined;
}

/** Relative paths are relative to `/workspace` (Sandy resolves absolute ones). */
function inWorkspace(path: string): string {
  return path.startsWith('/') ? path : `/workspace/${path}`;
}

function clip(text: string): string {
  return text.length > MAX_OUTPUT
    ? `${text.slice(0, MAX_OUTPUT)}\n… (truncated)`
    : text;
}
