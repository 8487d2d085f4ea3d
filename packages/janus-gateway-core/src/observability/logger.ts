/** Severity of a log entry. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** One structured log entry; `request_id` is set on every request-scoped entry. */
export interface LogEntry {
  level: LogLevel;
  /** Short stable message, e.g. `upstream.retry`. */
  msg: string;
  [field: string]: unknown;
}

/**
 * Where the gateway writes structured logs. Implement it to ship entries
 * elsewhere; tests inject a collecting logger.
 */
export interface Logger {
  log(entry: LogEntry): void;
}

/**
 * The default logger: one JSON object per line on stderr (`console.error`,
 * which every runtime maps to stderr), with an ISO `time` field.
 *
 * @param options.level Lowest level written (default `info`).
 * @param options.write Line sink (default `console.error`).
 */
export function createJsonLogger(
  options: { level?: LogLevel; write?: (line: string) => void } = {},
): Logger {
  const minimum = rank[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => console.error(line));
  return {
    log(entry) {
      if (rank[entry.level] < minimum) return;
      write(
        JSON.stringify({ time: new Date().toISOString(), ...entry }, replacer),
      );
    },
  };
}

/**
 * A logger that keeps entries in memory (for tests and diagnostics).
 */
export function createMemoryLogger(): Logger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  return { entries, log: entry => entries.push(entry) };
}

const rank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

// Errors serialise to `{}` by default; keep their name, message and code.
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, message: value.message, code };
  }
  return value;
}
