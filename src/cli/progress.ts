/**
 * Progress for long work: a bar on an interactive terminal (cli-progress, on stderr), structured pino
 * log lines otherwise. Commands report through this and never care which.
 */
import cliProgress from 'cli-progress';
import type { Logger } from 'pino';
import type { Terminal } from './terminal.js';

export interface Progress {
  update(done: number, label: string): void;
  stop(): void;
}

export function createProgress(terminal: Terminal, logger: Logger, total: number, title: string): Progress {
  if (terminal.stderrIsTty && total > 0) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {value}/{total} {label}`, stream: process.stderr, hideCursor: true, clearOnComplete: false },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { label: '' });
    return { update: (done, label) => bar.update(done, { label }), stop: () => bar.stop() };
  }
  return {
    update: (done, label) => logger.info({ done, total }, `${title}: ${label}`),
    stop: () => undefined,
  };
}
