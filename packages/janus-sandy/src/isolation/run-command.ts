import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ExecResult } from '@janus/protocol';
import type { LaunchCommand } from './build-launch-command';

/** Which output stream a chunk came from. */
export type OutputStream = 'stdout' | 'stderr';

/** Options of {@link runCommand}. */
export interface RunCommandOptions {
  launch: LaunchCommand;
  /** Wall-clock limit; the whole process group is SIGKILLed when it passes. */
  timeoutMs: number;
  /** Bytes kept per stream; the rest is drained and dropped (`truncated`). */
  outputBytes: number;
  /** Receives decoded output as it arrives (within the cap), for streaming. */
  onOutput?: (stream: OutputStream, text: string) => void;
  /** Aborting kills the command (client disconnect, agent cancel, terminate). */
  signal?: AbortSignal;
  /** Called with the child right after spawn, for bookkeeping. */
  onSpawn?: (child: ChildProcess) => void;
}

/**
 * Runs one launcher process to completion and collects its result. Output is
 * capped per stream; the timeout and aborts kill the process group (and with
 * it bubblewrap's PID namespace). Never rejects for command failures: a
 * spawn error becomes exit code 127 with the reason on stderr.
 */
export function runCommand(options: RunCommandOptions): Promise<ExecResult> {
  const started = performance.now();
  return new Promise(resolve => {
    const { launch } = options;
    let child: ChildProcess;
    try {
      child = spawn(launch.file, launch.args, {
        cwd: launch.cwd,
        env: launch.env,
        uid: launch.uid,
        gid: launch.gid,
        detached: true,
        stdio: buildStdio(launch),
      });
    } catch (error) {
      // Some failures (E2BIG, invalid arguments) throw instead of emitting
      // `error`.
      resolve({
        stdout: '',
        stderr: notStartedMessage(error),
        exitCode: 127,
        timedOut: false,
        truncated: false,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
      return;
    }
    launch.extraFds.forEach((bytes, index) => {
      // Async writes: a large environment may exceed the pipe buffer until bwrap reads.
      const pipe = child.stdio[3 + index] as Writable;
      pipe.on('error', () => {});
      pipe.end(bytes);
    });
    options.onSpawn?.(child);
    let timedOut = false;
    let truncated = false;
    let settled = false;
    const collectors = {
      stdout: createCollector(options.outputBytes),
      stderr: createCollector(options.outputBytes),
    };
    const killGroup = () => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // The group is already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, options.timeoutMs);
    const onAbort = () => killGroup();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    if (options.signal?.aborted) killGroup();
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]?.on('data', (chunk: Buffer) => {
        const text = collectors[stream].push(chunk);
        if (collectors[stream].truncated) truncated = true;
        if (text) options.onOutput?.(stream, text);
      });
    }
    const finish = (exitCode: number, extraStderr = '') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({
        stdout: collectors.stdout.text(),
        stderr: collectors.stderr.text() + extraStderr,
        exitCode,
        timedOut,
        truncated,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    };
    child.on('error', error => finish(127, notStartedMessage(error)));
    child.on('exit', () => {
      // Unisolated runs can leave background children holding the pipes;
      // bubblewrap's PID namespace is already gone at this point.
      killGroup();
    });
    child.on('close', (code, signal) => {
      finish(code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : -1));
    });
  });
}

/** The stderr of a launcher that could not be spawned (exit code 127). */
function notStartedMessage(error: unknown): string {
  return `janus-sandy: could not start the command: ${(error as Error).message}\n`;
}

/**
 * fds 0-2, then 3, 4, …: pipes carrying the seccomp program, bwrap's
 * arguments and the command; then `/dev/null` over every inherited
 * descriptor without close-on-exec. libuv `dup2`s each slot in the child
 * before `exec`, the one way Node has to keep such a descriptor from the
 * launcher (and so from bubblewrap and the sandbox); `ignore` slots from 3
 * up leave a descriptor as it is.
 */
function buildStdio(launch: LaunchCommand): Array<'ignore' | 'pipe' | number> {
  const stdio: Array<'ignore' | 'pipe' | number> = [
    'ignore',
    'pipe',
    'pipe',
    ...launch.extraFds.map(() => 'pipe' as const),
  ];
  const used = stdio.length;
  for (const fd of launch.maskedFds?.fds ?? []) {
    if (fd < used) continue;
    while (stdio.length <= fd) stdio.push('ignore');
    stdio[fd] = launch.maskedFds!.nullFd;
  }
  return stdio;
}

interface Collector {
  push(chunk: Buffer): string;
  text(): string;
  readonly truncated: boolean;
}

function createCollector(limit: number): Collector {
  const decoder = new StringDecoder('utf8');
  let size = 0;
  let truncated = false;
  let text = '';
  return {
    push(chunk) {
      if (size >= limit) {
        truncated = true;
        return '';
      }
      const kept =
        size + chunk.length > limit ? chunk.subarray(0, limit - size) : chunk;
      if (kept.length < chunk.length) truncated = true;
      size += kept.length;
      const decoded = decoder.write(kept);
      text += decoded;
      return decoded;
    },
    text() {
      return text + decoder.end();
    },
    get truncated() {
      return truncated;
    },
  };
}
