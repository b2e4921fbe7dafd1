/** The CLI's pino logger: structured JSON lines on standard error, so standard output stays machine-readable. */
import pino, { type Logger } from 'pino';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { name: 'topicops' } }, pino.destination({ fd: 2, sync: true }));
}

export function parseLogLevel(text: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new Error(`--log-level: "${text}" is not one of ${LOG_LEVELS.join(', ')}`);
}
