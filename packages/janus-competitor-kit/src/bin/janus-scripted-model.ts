#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { createScriptedModel } from '../testing/create-scripted-model';

// Thin bin (STYLE.md 10.1): flags → createScriptedModel; exit codes set here only.
const usage =
  'usage: janus-scripted-model [--port 8100] [--host 127.0.0.1] [--model janus-scripted] [--tokens-per-second N] [--first-token-delay-ms N]';

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
  const number = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < 0)
      throw new TypeError(`--${name} must be a non-negative number`);
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
  console.error(
    `janus-scripted-model: ${error instanceof Error ? error.message : String(error)}`,
  );
  console.error(usage);
  process.exit(1);
}
