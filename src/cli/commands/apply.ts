import type { Command } from 'commander';
import { hasChanges, renderPlanJson, renderPlanText, type Plan } from '../../planner/index.js';
import { applyPlan, type ApplyResult } from '../../reconciler/index.js';
import { confirmOnTerminal } from '../confirm.js';
import { createContext, type CommandContext, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';
import { parseFormat } from '../formats.js';
import { topicsLabel, withPlanSession } from '../planning.js';
import { createProgress } from '../progress.js';

interface ApplyOptions {
  yes?: boolean;
  format: string;
  prune?: boolean;
}

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description('plan, then change the cluster to match topics/ (asks for confirmation unless --yes)')
    .option('-y, --yes', 'apply without asking (required when not run from a terminal)')
    .option('--format <format>', 'text or json', 'text')
    .option('--prune', 'delete topics that are in the cluster but not in topics/ (overrides topicops.yaml)')
    .action(async (opts: ApplyOptions, cmd: Command) => {
      const ctx = createContext(cmd.optsWithGlobals<GlobalOptions>());
      const format = parseFormat(opts.format, ['text', 'json']);
      await withPlanSession(ctx, { prune: opts.prune }, async ({ plan, conn, loaded }) => {
        if (format === 'text') ctx.out(renderPlanText(plan, { color: ctx.terminal.color, topicsLabel: topicsLabel(loaded) }));
        if (plan.errors.length > 0) {
          if (format === 'json') ctx.out(renderPlanJson(plan));
          throw new ExitError(EXIT.error, 'the plan has errors; nothing was applied');
        }
        if (!hasChanges(plan)) {
          if (format === 'json') ctx.out(applyJson(plan, { applied: [] }));
          return;
        }
        await confirm(ctx, opts);
        const progress = createProgress(ctx.terminal, ctx.logger, plan.actions.length, 'Applying');
        let result: ApplyResult;
        try {
          result = await applyPlan(plan, conn, {
            logger: ctx.logger,
            onProgress: (p) => progress.update(p.done, `${p.action.kind} ${p.action.topic}`),
          });
        } catch (err) {
          throw new ExitError(EXIT.error, (err as Error).message);
        } finally {
          progress.stop();
        }
        if (format === 'json') ctx.out(applyJson(plan, result));
        else ctx.out(`\nApply complete: ${summaryLine(plan)}.`);
      });
    });
}

async function confirm(ctx: CommandContext, opts: ApplyOptions): Promise<void> {
  if (opts.yes) return;
  if (!ctx.terminal.stdinIsTty) {
    throw new ExitError(EXIT.error, 'apply asks for confirmation, but standard input is not a terminal: pass --yes to apply without asking');
  }
  if (!(await confirmOnTerminal('\nDo you want to perform these actions?'))) {
    throw new ExitError(EXIT.error, 'Apply cancelled; nothing was changed.');
  }
}

function summaryLine(plan: Plan): string {
  const s = plan.summary;
  return `${s.create} created, ${s.update} updated, ${s.delete} deleted`;
}

function applyJson(plan: Plan, result: ApplyResult): string {
  return JSON.stringify({ formatVersion: 1, plan: JSON.parse(renderPlanJson(plan)), applied: result.applied }, null, 2);
}
