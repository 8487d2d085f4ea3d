/** Where the CLI reads and writes; injectable for tests. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
  /** Whether to draw the live ink view (defaults to `stdout.isTTY`). */
  isTTY: boolean;
  env: Record<string, string | undefined>;
  /** HTTP client for every request the CLI makes. */
  fetch?: typeof fetch;
  /**
   * Aborts on Ctrl-C (the bin wires SIGINT to it): `run` stops starting
   * tasks, aborts those in flight and still reports what was done.
   */
  interrupt?: AbortSignal;
}

/** Writes a line to a stream. */
export function writeLine(stream: NodeJS.WritableStream, text: string): void {
  stream.write(`${text}\n`);
}

/**
 * Writes a line and waits until the stream took it: `false` when the write
 * failed, e.g. with EPIPE because the reader of a pipe went away. For output
 * that must not be lost silently (the `--json` report).
 */
export function writeLineFully(
  stream: NodeJS.WritableStream,
  text: string,
): Promise<boolean> {
  return new Promise(resolve => {
    stream.write(`${text}\n`, error => resolve(!error));
  });
}

/** A usage error (bad flag value): exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parses a positive integer flag. @throws UsageError */
export function parseInteger(
  name: string,
  value: string | undefined,
  minimum = 1,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum)
    throw new UsageError(
      `--${name} must be an integer >= ${minimum}, got "${value}"`,
    );
  return parsed;
}

/** Parses a positive number flag. @throws UsageError */
export function parsePositive(
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!(parsed > 0))
    throw new UsageError(`--${name} must be a number > 0, got "${value}"`);
  return parsed;
}

/** Parses a share flag, a number from 0 to 1 inclusive. @throws UsageError */
export function parseFraction(
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const parsed = value.trim() === '' ? Number.NaN : Number(value);
  if (!(parsed >= 0 && parsed <= 1))
    throw new UsageError(
      `--${name} must be a number from 0 to 1, got "${value}"`,
    );
  return parsed;
}

/** Checks a URL flag (`--target`, `--sandy-url`, `--judge-url`): http or https. @throws UsageError */
export function parseHttpUrl(name: string, value: string): string {
  let protocol: string | undefined;
  try {
    protocol = new URL(value).protocol;
  } catch {
    // Not a URL at all: reported below.
  }
  if (protocol !== 'http:' && protocol !== 'https:')
    throw new UsageError(`--${name} must be an http(s) URL, got "${value}"`);
  return value;
}

/** Checks the `--target` base URL (http or https). @throws UsageError */
export function parseTarget(value: string): string {
  return parseHttpUrl('target', value);
}
