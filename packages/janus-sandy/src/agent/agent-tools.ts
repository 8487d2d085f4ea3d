import { type AgentEvent, toJanusError } from '@janus/protocol';
import type { SandboxManager } from '../core/sandbox-manager';

/** The tool definitions offered to the LLM (OpenAI `tools`). */
export const agentTools = [
  {
    type: 'function',
    function: {
      name: 'run_command',
      description:
        'Run a shell command (/bin/sh -c) in the sandbox, in /workspace. No network access.',
      parameters: {
        type: 'object',
        properties: {
          command: { type: 'string', description: 'The shell command.' },
          timeoutMs: {
            type: 'integer',
            description: 'Wall-clock limit in milliseconds.',
          },
        },
        required: ['command'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'write_file',
      description:
        'Write a UTF-8 text file (path relative to /workspace; directories are created).',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' }, content: { type: 'string' } },
        required: ['path', 'content'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'read_file',
      description: 'Read a text file (path relative to /workspace).',
      parameters: {
        type: 'object',
        properties: { path: { type: 'string' } },
        required: ['path'],
      },
    },
  },
  {
    type: 'function',
    function: {
      name: 'finish',
      description: 'End the task with the final answer for the user.',
      parameters: {
        type: 'object',
        properties: {
          summary: { type: 'string', description: 'The final answer.' },
        },
        required: ['summary'],
      },
    },
  },
] as const;

/** What one tool call produced. */
export interface ToolOutcome {
  /** Text returned to the LLM (and shown as the `tool_result`). */
  content: string;
  isError: boolean;
  /** Set by `finish`: the final answer. */
  finalAnswer?: string;
  /** Workspace paths the tool wrote (for `files-update`). */
  written?: string[];
}

const maxResultChars = 16_000;

/**
 * Runs one tool call in the sandbox. Tool failures (bad arguments, a
 * refused path) are results with `isError`, so the LLM can recover; only
 * aborts propagate.
 */
export async function runAgentTool(options: {
  manager: SandboxManager;
  sandboxId: string;
  name: string;
  input: Record<string, unknown>;
  signal: AbortSignal;
  /** Environment for `run_command` (the run request's `envVars` merged with its `env`, which wins). */
  env?: Record<string, string>;
  emit: (event: AgentEvent) => void;
}): Promise<ToolOutcome> {
  const { manager, sandboxId, input } = options;
  const text = (key: string) =>
    typeof input[key] === 'string' ? (input[key] as string) : undefined;
  try {
    switch (options.name) {
      case 'run_command': {
        const command = text('command');
        if (!command)
          return {
            content: 'run_command needs a "command" string',
            isError: true,
          };
        const timeoutMs =
          typeof input.timeoutMs === 'number'
            ? Math.floor(input.timeoutMs)
            : undefined;
        const result = await manager.exec(
          sandboxId,
          {
            command,
            env: options.env,
            timeoutMs: timeoutMs && timeoutMs > 0 ? timeoutMs : undefined,
          },
          {
            signal: options.signal,
            onOutput: (stream, chunk) =>
              options.emit({ type: 'output', text: chunk, stream }),
          },
        );
        options.signal.throwIfAborted();
        const parts = [
          `exit code ${result.exitCode}${result.timedOut ? ' (timed out)' : ''}`,
        ];
        if (result.stdout) parts.push(`stdout:\n${result.stdout}`);
        if (result.stderr) parts.push(`stderr:\n${result.stderr}`);
        return {
          content: clip(parts.join('\n')),
          isError: result.exitCode !== 0,
        };
      }
      case 'write_file': {
        const path = text('path');
        const content = text('content');
        if (!path || content === undefined)
          return {
            content: 'write_file needs "path" and "content" strings',
            isError: true,
          };
        const written = await manager.writeFile(sandboxId, {
          path,
          content: Buffer.from(content, 'utf8'),
        });
        return {
          content: `Wrote ${written.size} bytes to ${written.path}`,
          isError: false,
          written: [written.path],
        };
      }
      case 'read_file': {
        const path = text('path');
        if (!path)
          return { content: 'read_file needs a "path" string', isError: true };
        const file = await manager.readFile(sandboxId, path);
        return {
          content: clip(Buffer.from(file.content).toString('utf8')),
          isError: false,
        };
      }
      case 'finish': {
        const summary =
          text('summary') ?? text('answer') ?? text('result') ?? '';
        return { content: 'Finished.', isError: false, finalAnswer: summary };
      }
      default:
        return {
          content: `Unknown tool '${options.name}'; use run_command, write_file, read_file or finish`,
          isError: true,
        };
    }
  } catch (error) {
    if (options.signal.aborted) throw error;
    return { content: `Error: ${toJanusError(error).message}`, isError: true };
  }
}

function clip(value: string): string {
  return value.length <= maxResultChars
    ? value
    : `${value.slice(0, maxResultChars)}\n[… truncated]`;
}
