#!/usr/bin/env node
import { runCli } from '../cli/run-cli';

// `janus-bench … | head`: once the reader is gone there is nobody to report
// to, so stop quietly (as `cat` and `git log` do) instead of crashing with
// an unhandled EPIPE stack. Other stream errors stay loud.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

// The only place that sets the exit code (STYLE.md 10.1).
process.exitCode = await runCli({ argv: process.argv.slice(2) });
