export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { trace: 0, debug: 1, info: 2, warn: 3, error: 4 };

export interface LogSink {
  write(line: string): void;
}

export interface Logger {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
  child(namespace: string): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: LogSink;
}

/** A namespaced logger writing one timestamped line per message. */
export function createLogger(namespace: string, options: LoggerOptions = {}): Logger {
  const level = options.level ?? levelFromEnv();
  const sink = options.sink ?? { write: (line: string) => process.stderr.write(line) };
  const emit = (at: LogLevel, message: string): void => {
    if (ORDER[at] < ORDER[level]) return;
    const time = new Date().toISOString().slice(11, 23);
    sink.write(`${time} ${at.padEnd(5)} ${namespace}: ${message}\n`);
  };
  return {
    trace: (m) => emit('trace', m),
    debug: (m) => emit('debug', m),
    info: (m) => emit('info', m),
    warn: (m) => emit('warn', m),
    error: (m) => emit('error', m),
    child: (name) => createLogger(`${namespace}:${name}`, { level, sink }),
  };
}

export function levelFromEnv(): LogLevel {
  const value = process.env.GAUNTLET_LOG_LEVEL;
  return value && value in ORDER ? (value as LogLevel) : 'info';
}

export const silentLogger: Logger = {
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
