import { JanusError } from '@janus/protocol';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createSandyServer } from '../http/create-sandy-server';
import { createJsonLogger, type SandyLogLevel } from '../logger';
import { VERSION } from '../version';

/** Where the CLI writes and how it reads its environment (injectable for tests). */
export interface SandyCliIo {
  env: Record<string, string | undefined>;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

const port = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0 || number > 65535)
    throw new InvalidArgumentError(
      'expected a port (0-65535, 0 = any free port)',
    );
  return number;
};

const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number <= 0)
    throw new InvalidArgumentError('expected a positive integer');
  return number;
};

/**
 * The `janus-sandy` command: parses flags and environment, starts the
 * service and resolves with the running server. Refuses to start (rejects
 * with the install hint) when bubblewrap is missing; `--isolation none`
 * prints a warning on every start.
 */
export async function runSandyCli(argv: string[], io: SandyCliIo) {
  const program = new Command('janus-sandy')
    .description(
      'A local, Sandy-compatible sandbox service isolated with bubblewrap.',
    )
    .version(VERSION)
    .option(
      '-p, --port <port>',
      'port (env PORT)',
      port,
      Number(io.env.PORT ?? 8787),
    )
    .option(
      '--host <host>',
      'interface to bind (env HOST)',
      io.env.HOST ?? '127.0.0.1',
    )
    .addOption(
      new Option('--isolation <mode>', '"none" is for development only')
        .choices(['bwrap', 'none'])
        .default('bwrap'),
    )
    .option(
      '--bwrap <path>',
      'bubblewrap executable (env JANUS_SANDY_BWRAP)',
      io.env.JANUS_SANDY_BWRAP,
    )
    .option('--root-dir <dir>', 'host directory for sandbox storage')
    .option(
      '--public-url <url>',
      'public base URL for sandbox urls (env JANUS_SANDY_PUBLIC_URL)',
      io.env.JANUS_SANDY_PUBLIC_URL,
    )
    .option(
      '--max-sandboxes <n>',
      'concurrent sandboxes (429 beyond)',
      positiveInteger,
      64,
    )
    .option('--ttl-seconds <n>', 'default sandbox TTL', positiveInteger, 600)
    .option('--memory-mb <n>', 'memory per sandbox', positiveInteger, 512)
    .option(
      '--disk-mb <n>',
      'disk quota of /workspace + /tmp',
      positiveInteger,
      512,
    )
    .option('--pids <n>', 'processes per sandbox', positiveInteger, 256)
    .option(
      '--cpu-seconds <n>',
      'CPU seconds per process',
      positiveInteger,
      120,
    )
    .option(
      '--exec-timeout-ms <n>',
      'default wall-clock limit per command',
      positiveInteger,
      60_000,
    )
    .option(
      '--llm-client-base-urls <policy>',
      'apiBaseUrls agent/run may choose: any, none or comma-separated base URLs; the operator key never goes to them (env JANUS_SANDY_LLM_CLIENT_BASE_URLS)',
      io.env.JANUS_SANDY_LLM_CLIENT_BASE_URLS || 'any',
    )
    .addOption(
      new Option('--log-level <level>')
        .choices(['debug', 'info', 'warn', 'error'])
        .default('info'),
    )
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
  program.parse(argv);
  const flags = program.opts();
  const logger = createJsonLogger({
    level: flags.logLevel as SandyLogLevel,
    write: io.stderr,
  });
  if (flags.isolation === 'none')
    io.stderr(
      "WARNING: janus-sandy is running with --isolation none: commands run UNSANDBOXED on this host with the service user's rights. Use it for development only, never with untrusted code.\n",
    );
  const server = createSandyServer({
    isolation: flags.isolation,
    bwrapPath: flags.bwrap,
    rootDirectory: flags.rootDir,
    publicUrl: flags.publicUrl,
    apiKey: io.env.JANUS_SANDY_API_KEY || undefined,
    maxSandboxes: flags.maxSandboxes,
    defaultTtlSeconds: flags.ttlSeconds,
    limits: {
      memoryBytes: flags.memoryMb * 1024 * 1024,
      diskBytes: flags.diskMb * 1024 * 1024,
      pids: flags.pids,
      cpuSeconds: flags.cpuSeconds,
      execTimeoutMs: flags.execTimeoutMs,
    },
    agent: {
      llm: {
        baseUrl: io.env.JANUS_SANDY_LLM_BASE_URL || undefined,
        apiKey: io.env.JANUS_SANDY_LLM_API_KEY || undefined,
        model: io.env.JANUS_SANDY_LLM_MODEL || undefined,
      },
      clientBaseUrls: parseClientBaseUrls(flags.llmClientBaseUrls),
    },
    logger,
  });
  try {
    const listener = await server.listen({
      port: flags.port,
      host: flags.host,
    });
    const stats = await server.manager.stats();
    io.stdout(
      `janus-sandy listening on ${listener.url} (isolation ${stats.isolation}, memory ${stats.memoryLimit}, pids ${stats.pidsLimit}, disk ${stats.diskQuota}${io.env.JANUS_SANDY_API_KEY ? ', auth on' : ''})\n`,
    );
    return { url: listener.url, close: () => server.close() };
  } catch (error) {
    await server.close().catch(() => {});
    throw JanusError.isInstance(error)
      ? error
      : new JanusError({
          message: error instanceof Error ? error.message : String(error),
          cause: error,
        });
  }
}

/** `any` | `none` | comma-separated base URLs (each checked now). */
function parseClientBaseUrls(value: string): 'any' | 'none' | string[] {
  if (value === 'any' || value === 'none') return value;
  const urls = value
    .split(',')
    .map(url => url.trim())
    .filter(Boolean);
  for (const url of urls)
    if (!URL.canParse(url))
      throw new JanusError({
        message: `--llm-client-base-urls: '${url}' is not a URL (expected any, none or comma-separated base URLs)`,
        code: 'invalid_request',
      });
  return urls;
}
