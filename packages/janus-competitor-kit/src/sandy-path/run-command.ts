import { type ExecResult, UpstreamError } from '@janus/protocol';
import type { CompletionStream } from '../server/completion-stream';
import { truncate } from './truncate';
import type { Sandbox } from './with-sandbox';

/**
 * Runs a shell command in the sandbox and streams its output as reasoning,
 * between `tool_start` and `tool_end` events. Uses Sandy's streaming exec
 * when available (output as it comes), else the plain exec. A command that
 * exits non-zero or times out adds a reasoning line (`Command failed with
 * exit code N.` / `Command timed out after N ms.`) and ends with `tool_end`
 * `ok: false`, that line first in its output; it is returned, not thrown.
 * When the call fails (Sandy error, abort) it still emits `tool_end` with
 * `ok: false` and the error message as output, then rethrows.
 *
 * @param options.sandbox From {@link withSandbox}.
 * @param options.stream The stream writer.
 * @param options.command Shell command.
 * @param options.cwd Working directory.
 * @param options.timeoutMs Command time limit.
 * @returns The exec result (output capped by Sandy).
 */
export async function runCommand(options: {
  sandbox: Sandbox;
  stream: CompletionStream;
  command: string;
  cwd?: string;
  timeoutMs?: number;
}): Promise<ExecResult> {
  const { sandbox, stream, command } = options;
  const request = {
    sandboxId: sandbox.id,
    command,
    ...(options.cwd && { cwd: options.cwd }),
    ...(options.timeoutMs && { timeoutMs: options.timeoutMs }),
    signal: sandbox.signal,
  };
  stream.event('tool_start', { name: 'run_command', input: { command } });
  stream.reasoning(`$ ${command}\n`);
  let result: ExecResult;
  try {
    result = await execute(sandbox, request, stream);
  } catch (error) {
    // A started tool always ends, also when the call fails or is aborted.
    const message = error instanceof Error ? error.message : String(error);
    stream.event('tool_end', {
      name: 'run_command',
      ok: false,
      output: truncate(message, 500),
    });
    throw error;
  }
  const output = result.stdout + result.stderr;
  const failure = describeFailure(result, options.timeoutMs);
  if (failure) {
    // The status goes on its own line after the output, and first in the
    // tool_end output, where truncation cannot cut it off.
    const separator = output === '' || output.endsWith('\n') ? '' : '\n';
    stream.reasoning(`${separator}${failure}\n`);
  }
  stream.event('tool_end', {
    name: 'run_command',
    ok: failure === undefined,
    output: truncate(failure ? `${failure}\n${output}` : output, 500),
  });
  return result;
}

/** Why a finished command failed (`undefined` when it succeeded). */
function describeFailure(
  result: ExecResult,
  timeoutMs: number | undefined,
): string | undefined {
  if (result.timedOut) {
    const limit = timeoutMs ?? result.durationMs;
    return limit == null
      ? 'Command timed out.'
      : `Command timed out after ${Math.round(limit)} ms.`;
  }
  if (result.exitCode !== 0)
    return `Command failed with exit code ${result.exitCode}.`;
  return undefined;
}

async function execute(
  sandbox: Sandbox,
  request: Parameters<Sandbox['sandy']['exec']>[0],
  stream: CompletionStream,
): Promise<ExecResult> {
  try {
    return await streamed(sandbox, request, stream);
  } catch (error) {
    // Sandy without the streaming extension (hosted Sandy): plain exec.
    if (!(UpstreamError.isInstance(error) && error.statusCode === 404))
      throw error;
    const result = await sandbox.sandy.exec(request);
    stream.reasoning(result.stdout + result.stderr);
    return result;
  }
}

async function streamed(
  sandbox: Sandbox,
  request: Parameters<Sandbox['sandy']['execStream']>[0],
  stream: CompletionStream,
): Promise<ExecResult> {
  const result: ExecResult = {
    stdout: '',
    stderr: '',
    exitCode: -1,
    timedOut: false,
    truncated: false,
    durationMs: null,
  };
  for await (const event of sandbox.sandy.execStream(request)) {
    if (event.type === 'stdout' || event.type === 'stderr') {
      result[event.type] += event.data;
      stream.reasoning(event.data);
      await stream.ready();
    } else if (event.type === 'exit') {
      result.exitCode = event.exitCode;
      result.timedOut = event.timedOut;
      result.truncated = event.truncated;
      result.durationMs = event.durationMs;
    } else {
      throw new UpstreamError({
        message: `Sandy exec failed: ${event.error}`,
        isRetryable: false,
      });
    }
  }
  return result;
}
