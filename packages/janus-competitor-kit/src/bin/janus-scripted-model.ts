#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createScriptedModel } from '../testing/create-scripted-model';

// Thin bin (STYLE.md 10.1): flags → createScriptedModel; exit codes set here only.
const usage =
  'usage: janus-scripted-model [--port 8100] [--host 127.0.0.1] [--model janus-scripted] [--tokens-per-second N] [--first-token-delay-ms N]';

/** A flag error: reported with the usage line (other failures are not). */
class UsageError extends Error {}

let host = '127.0.0.1';
let port = '8100';
try {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8100' },
      host: { type: 'string', default: '127.0.0.1' },
      model: { type: 'string' },
      'tokens-per-second': { type: 'string' },
      'first-token-delay-ms': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  host = values.host;
  port = values.port;
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new UsageError(`--${name} must be a non-negative number`);
    return parsed;
  };
  const model = await createScriptedModel({
    port: number('port', values.port),
    host: values.host,
    model: values.model,
    pace: {
      tokensPerSecond: number('tokens-per-second', values['tokens-per-second']),
      firstTokenDelayMs: number(
        'first-token-delay-ms',
        values['first-token-delay-ms'],
      ),
    },
  });
  console.log(`scripted model listening on ${model.url}`);
  const stop = () => {
    model.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  const code = (error as { code?: unknown } | null)?.code;
  const message =
    code === 'EADDRINUSE'
      ? `port ${port} on ${host} is already in use; stop what runs there or pass another --port (0 picks a free one)`
      : error instanceof Error
        ? error.message
        : String(error);
  console.error(`janus-scripted-model: ${message}`);
  // parseArgs' own errors (unknown flag, missing value) carry ERR_PARSE_ARGS_* codes.
  if (
    error instanceof UsageError ||
    (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS'))
  )
    console.error(usage);
  process.exit(1);
}
