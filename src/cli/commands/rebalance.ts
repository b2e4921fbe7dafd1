/**
 * `topicops rebalance`: plans partition moves over the topics in the cluster — with or without a topics directory,
 * protected topics excepted — that bring every broker within ±1 replica and ±1 preferred leader (after brokers were
 * added, say), and with --exclude-brokers empty the brokers to decommission. It only plans: `--out moves.json` then
 * `topicops apply --plan moves.json` executes the moves (or kafka-reassign-partitions.sh, with --format kafka-reassignment).
 */
import type { Command } from 'commander';
import { planRebalance, type RebalanceOptions } from '../../planner/index.js';
import type { LoadResult } from '../../spec/index.js';
import { createContext, loadProjectFile, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';
import { parseFormat } from '../formats.js';
import { addPlanningFlags, planningOptions, type PlanningFlags } from '../plan-flags.js';
import { PLAN_FORMATS, printPlan, savePlan } from '../plan-output.js';
import { withClusterState } from '../planning.js';

interface RebalanceFlags extends PlanningFlags {
  format: string;
  out?: string;
  detailedExitcode?: boolean;
  balance: boolean;
}

const NO_CHANGES = 'No changes. Every broker is within ±1 replica and ±1 preferred leader.';
const NO_CHANGES_EXCLUDED = 'No changes. The excluded brokers hold no movable replicas.';

function rebalanceOptions(loaded: LoadResult, flags: RebalanceFlags): RebalanceOptions {
  const placement = loaded.project.defaults.placement;
  return {
    ...planningOptions(flags),
    rebalance: flags.balance,
    protectedTopics: loaded.desired.protectedTopics,
    topics: loaded.desired.topics,
    ...(placement === 'balanced' || placement === 'rack-aware' ? { defaultPlacement: placement } : {}),
  };
}

export function registerRebalance(program: Command): void {
  const cmd = program
    .command('rebalance')
    .description(
      'plan partition moves that even out replicas and preferred leaders over the brokers (±1), e.g. after adding ' +
        'brokers; with --exclude-brokers also empty brokers to decommission. Works on every topic in the cluster except ' +
        'protected ones, with or without topics/. It only plans: save the plan with --out moves.json and run it with ' +
        '`topicops apply --plan moves.json`, or use --format kafka-reassignment with kafka-reassign-partitions.sh --execute',
    )
    .option('--format <format>', `${PLAN_FORMATS.join(', ')}`, 'text')
    .option('--out <file>', 'also save the plan as JSON, with the fingerprint of the cluster state it was made from')
    .option('--detailed-exitcode', 'exit 0 when nothing moves, 2 when partitions move, 1 on error')
    .option('--no-balance', 'only empty the --exclude-brokers; do not even out the other brokers');
  addPlanningFlags(cmd).action(async (flags: RebalanceFlags, command: Command) => {
    const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
    const format = parseFormat(flags.format, PLAN_FORMATS);
    planningOptions(flags); // checks the flags before connecting
    if (!flags.balance && flags.excludeBrokers === undefined) {
      throw new ExitError(EXIT.error, '--no-balance needs --exclude-brokers: without either there is nothing to plan');
    }
    const loaded = await loadProjectFile(ctx, 'nothing was planned');
    const options = rebalanceOptions(loaded, flags);
    await withClusterState(ctx, loaded, async (_conn, state) => {
      const plan = planRebalance(state, options);
      if (flags.out) await savePlan(ctx, flags.out, plan);
      printPlan(ctx, plan, {
        format,
        noChangesLine: flags.balance ? NO_CHANGES : NO_CHANGES_EXCLUDED,
        topicCounts: false,
        detailedExitcode: flags.detailedExitcode,
      });
    });
  });
}
