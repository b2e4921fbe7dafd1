import type { Command } from 'commander';
import { createContext, type GlobalOptions } from '../context.js';
import { parseFormat } from '../formats.js';
import { addPlanningFlags, planningOptions, type PlanningFlags } from '../plan-flags.js';
import { PLAN_FORMATS, printPlan, savePlan } from '../plan-output.js';
import { topicsLabel, withPlanSession } from '../planning.js';

interface PlanOptions extends PlanningFlags {
  format: string;
  out?: string;
  detailedExitcode?: boolean;
  prune?: boolean;
  rebalance?: boolean;
}

export function registerPlan(program: Command): void {
  const cmd = program
    .command('plan')
    .description('show what apply would change in the cluster to match topics/')
    .option('--format <format>', `${PLAN_FORMATS.join(', ')} (kafka-reassignment: the partition moves only, for kafka-reassign-partitions.sh)`, 'text')
    .option('--out <file>', 'also save the plan as JSON (with the cluster fingerprint) for `topicops apply --plan <file>`')
    .option('--detailed-exitcode', 'exit 0 when there are no changes, 2 when there are changes, 1 on error')
    .option('--prune', 'plan deletion of topics that are in the cluster but not in topics/ (overrides topicops.yaml)')
    .option('--rebalance', 'also bring every broker within ±1 replica and ±1 preferred leader (see `topicops rebalance`)');
  addPlanningFlags(cmd).action(async (opts: PlanOptions, command: Command) => {
    const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
    const format = parseFormat(opts.format, PLAN_FORMATS);
    const options = { ...planningOptions(opts), prune: opts.prune, rebalance: opts.rebalance };
    await withPlanSession(ctx, options, async ({ plan, loaded }) => {
      if (opts.out) await savePlan(ctx, opts.out, plan);
      printPlan(ctx, plan, { format, topicsLabel: topicsLabel(loaded), detailedExitcode: opts.detailedExitcode });
    });
  });
}
