import type { Command } from 'commander';
import { formatProblems, hasErrors, loadProject } from '../../spec/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';
import { parseFormat } from '../formats.js';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check topics/ and topicops.yaml without a cluster (exit 0 valid, 1 invalid)')
    .option('--format <format>', 'text or json', 'text')
    .action(async (opts: { format: string }, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals<GlobalOptions>());
      const format = parseFormat(opts.format, ['text', 'json']);
      const { desired, problems } = await loadProject(ctx.dir);
      const invalid = hasErrors(problems);
      if (format === 'json') {
        ctx.out(JSON.stringify({ valid: !invalid, topics: desired.topics.length, problems }, null, 2));
      } else {
        if (problems.length > 0) ctx.err(formatProblems(problems, { color: ctx.terminal.color }));
        if (!invalid) ctx.out(`Valid: ${desired.topics.length} topic(s).`);
      }
      if (invalid) throw new ExitError(EXIT.error);
    });
}
