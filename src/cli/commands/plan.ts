import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { hasChanges, renderPlanJson, renderPlanText } from '../../planner/index.js';
import { createContext, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';
import { parseFormat } from '../formats.js';
import { topicsLabel, withPlanSession } from '../planning.js';

interface PlanOptions {
  format: string;
  out?: string;
  detailedExitcode?: boolean;
  prune?: boolean;
}

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description('show what apply would change in the cluster to match topics/')
    .option('--format <format>', 'text or json', 'text')
    .option('--out <file>', 'also save the plan as JSON to this file')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are changes, 1 on error')
    .option('--prune', 'plan deletion of topics that are in the cluster but not in topics/ (overrides topicops.yaml)')
    .action(async (opts: PlanOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals<GlobalOptions>());
      const format = parseFormat(opts.format, ['text', 'json']);
      await withPlanSession(ctx, { prune: opts.prune }, async ({ plan, loaded }) => {
        if (opts.out) await writeFile(opts.out, renderPlanJson(plan));
        ctx.out(format === 'json' ? renderPlanJson(plan) : renderPlanText(plan, { color: ctx.terminal.color, topicsLabel: topicsLabel(loaded) }));
        if (plan.errors.length > 0) throw new ExitError(EXIT.error, 'the plan has errors; apply would refuse it');
        if (opts.detailedExitcode && hasChanges(plan)) throw new ExitError(EXIT.changes);
      });
    });
}
