/** The CLI's pino logger: structured JSON lines on standard error, so standard output stays machine-readable. */
import pino, { type Logger } from 'pino';
import { EXIT, ExitError } from './exit.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export function createLogger(level: LogLevel): Logger {
  return pino({ level, base: { name: 'topicops' } }, pino.destination({ fd: 2, sync: true }));
}

/** A --log-level value; anything else is a usage error (exit 1, one line), like a bad --format. */
export function parseLogLevel(text: string): LogLevel {
  if ((LOG_LEVELS as readonly string[]).includes(text)) return text as LogLevel;
  throw new ExitError(EXIT.error, `--log-level: "${text}" is not one of ${LOG_LEVELS.join(', ')}`);
}
