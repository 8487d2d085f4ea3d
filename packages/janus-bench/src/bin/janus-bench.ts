#!/usr/bin/env node
import { runCli } from '../cli/run-cli';

// `janus-bench … | head`: when the reader goes away, writes fail with EPIPE.
// That is no crash (no stack trace) and no reason to abort: the output is
// dropped from then on, while the command goes on, so `run` still writes
// --out/--html and exits with its own code (README "Exit codes"). Other
// stream errors stay loud.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

// Ctrl-C during `run`: the first stops starting tasks, aborts those in
// flight and still prints and writes the report (exit 130); a second one
// quits at once. Other commands keep Node's default (quit at once).
const argv = process.argv.slice(2);
const interrupt = new AbortController();
if (argv[0] === 'run')
  process.on('SIGINT', () => {
    if (interrupt.signal.aborted) process.exit(130);
    interrupt.abort();
    process.stderr.write(
      'janus-bench: interrupted; finishing the report (Ctrl-C again to quit at once)\n',
    );
  });

// The only place that sets the exit code (STYLE.md 10.1).
process.exitCode = await runCli({ argv, io: { interrupt: interrupt.signal } });
