/** Routes kafkajs's own log lines into an injected pino logger, so there is one log stream. */
import kafkajs, { type logCreator } from 'kafkajs';

const { logLevel } = kafkajs;
import type { Logger } from 'pino';

export function kafkajsLogCreator(logger: Logger): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      const child = { component: 'kafkajs', ...extra };
      if (level === logLevel.ERROR) logger.error(child, message);
      else if (level === logLevel.WARN) logger.warn(child, message);
      else if (level === logLevel.INFO) logger.debug(child, message);
      else logger.trace(child, message);
    };
}

/** kafkajs's level matching a pino level, so kafkajs does not even format lines we would drop. */
export function kafkajsLevelFor(logger: Logger): import('kafkajs').logLevel {
  switch (logger.level) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
    case 'warn':
      return logLevel.WARN;
    case 'silent':
      return logLevel.NOTHING;
    default:
      return logLevel.ERROR;
  }
}
