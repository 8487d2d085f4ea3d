/** Severity of a {@link SandyLogger} record. */
export type SandyLogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The logger every @janus/sandy component writes to. Inject one to route the
 * service's records elsewhere (tests pass {@link createSilentLogger} or a spy).
 */
export interface SandyLogger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

const levelOrder: Record<SandyLogLevel, number> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
};

/**
 * The default logger: one structured JSON line per record on stderr
 * (`{"time","level","msg",...fields}`), at `level` and above.
 *
 * @param options.level Lowest level written (default `info`).
 * @param options.write Where lines go (default `process.stderr`).
 */
export function createJsonLogger(
  options: { level?: SandyLogLevel; write?: (line: string) => void } = {},
): SandyLogger {
  const minimum = levelOrder[options.level ?? 'info'];
  const write =
    options.write ?? ((line: string) => void process.stderr.write(line));
  const log =
    (level: SandyLogLevel) =>
    (message: string, fields?: Record<string, unknown>) => {
      if (levelOrder[level] < minimum) return;
      const record = {
        time: new Date().toISOString(),
        level,
        msg: message,
        service: 'janus-sandy',
        ...fields,
      };
      write(`${JSON.stringify(record)}\n`);
    };
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  };
}

/** A logger that drops every record. */
export function createSilentLogger(): SandyLogger {
  const drop = () => {};
  return { debug: drop, info: drop, warn: drop, error: drop };
}
