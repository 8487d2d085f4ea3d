#!/usr/bin/env node
import { runCli } from '../cli/run-cli';

// The only place that sets the exit code (STYLE.md 10.1).
process.exitCode = await runCli({ argv: process.argv.slice(2) });
