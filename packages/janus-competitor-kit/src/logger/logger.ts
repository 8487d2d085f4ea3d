/** A structured logger. Inject one to route or silence kit logs. */
export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/**
 * The default logger: one JSON line per entry (`{"level","msg","time",…}`)
 * on `console.error`, so stdout stays free for program output.
 *
 * @param options.name Added to every line as `logger`.
 * @returns A {@link Logger}.
 */
export function createJsonLogger(options: { name?: string } = {}): Logger {
  const write =
    (level: string) => (message: string, fields?: Record<string, unknown>) => {
      console.error(
        JSON.stringify({
          level,
          msg: message,
          time: new Date().toISOString(),
          ...(options.name && { logger: options.name }),
          ...fields,
        }),
      );
    };
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** A logger that drops everything (for tests and benchmarks). */
export const silentLogger: Logger = {
  info() {},
  warn() {},
  error() {},
};
