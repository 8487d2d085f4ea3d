#!/usr/bin/env node
import { runSandyCli } from '../cli/run-sandy-cli';

// The thin bin (STYLE.md 10.1): wiring and the one place exit codes are set.
const io = {
  env: process.env,
  stdout: (line: string) => void process.stdout.write(line),
  stderr: (line: string) => void process.stderr.write(line),
};
runSandyCli(process.argv, io).then(
  server => {
    const stop = () => {
      void server.close().then(() => process.exit(0));
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (error: Error & { code?: string; exitCode?: number }) => {
    // commander's --help/--version exit through here with exitCode 0.
    if (
      typeof error.exitCode === 'number' &&
      error.code?.startsWith('commander.')
    )
      process.exit(error.exitCode);
    io.stderr(`janus-sandy: ${error.message}\n`);
    process.exit(1);
  },
);
