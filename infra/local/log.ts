/**
 * The local runtime's own log lines (not the handlers': those go through Powertools). One line
 * each, on stderr for warnings and errors; `LOG_LEVEL` (DEBUG, INFO, WARN, ERROR, SILENT) sets
 * the threshold, INFO by default.
 */
const LEVELS = { DEBUG: 10, INFO: 20, WARN: 30, ERROR: 40, SILENT: 100 } as const;
export type LogLevel = keyof typeof LEVELS;

export type Log = {
  debug(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
};

const isLevel = (value: string): value is LogLevel => value in LEVELS;

export function parseLogLevel(value: string | undefined, fallback: LogLevel = 'INFO'): LogLevel {
  const upper = (value ?? '').trim().toUpperCase();
  if (upper === 'WARNING') return 'WARN';
  if (upper === 'CRITICAL') return 'ERROR';
  return isLevel(upper) ? upper : fallback;
}

/** Errors as a short, loggable shape (no request bodies, no stack unless DEBUG). */
export function describeError(error: unknown, withStack = false): Record<string, unknown> {
  if (error instanceof Error) {
    return {
      name: error.name,
      message: error.message,
      ...(withStack && error.stack ? { stack: error.stack } : {}),
    };
  }
  return { message: String(error) };
}

export function createLog(level: LogLevel = parseLogLevel(process.env.LOG_LEVEL), prefix = '[motcua]'): Log {
  const threshold = LEVELS[level];
  const write = (at: Exclude<LogLevel, 'SILENT'>, message: string, data?: Record<string, unknown>): void => {
    if (LEVELS[at] < threshold) return;
    const line = `${prefix} ${at.padEnd(5)} ${message}${data && Object.keys(data).length > 0 ? ` ${JSON.stringify(data)}` : ''}\n`;
    (LEVELS[at] >= LEVELS.WARN ? process.stderr : process.stdout).write(line);
  };
  return {
    debug: (message, data) => write('DEBUG', message, data),
    info: (message, data) => write('INFO', message, data),
    warn: (message, data) => write('WARN', message, data),
    error: (message, data) => write('ERROR', message, data),
  };
}

/** A log that writes nothing (tests). */
export const silentLog: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
