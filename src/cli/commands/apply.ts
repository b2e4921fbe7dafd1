import type { Command } from 'commander';
import { hasChanges, renderPlanJson, renderPlanText, type Plan } from '../../planner/index.js';
import { applyPlan, type ApplyResult } from '../../reconciler/index.js';
import { confirmOnTerminal } from '../confirm.js';
import { createContext, type CommandContext, type GlobalOptions } from '../context.js';
import { EXIT, ExitError } from '../exit.js';
import { parseFormat } from '../formats.js';
import { addPlanningFlags, planningOptions, type PlanningFlags } from '../plan-flags.js';
import { topicsLabel, withPlanSession, type PlanSession } from '../planning.js';
import { createProgress, type Progress } from '../progress.js';
import { withSavedPlanSession } from '../saved-plan.js';

interface ApplyOptions extends PlanningFlags {
  yes?: boolean;
  dryRun?: boolean;
  rebalance?: boolean;
  format: string;
  prune?: boolean;
  plan?: string;
}

const APPLY_FORMATS = ['text', 'json'] as const;

function applyFormat(value: string): (typeof APPLY_FORMATS)[number] {
  if (value === 'kafka-reassignment' || value === 'markdown') {
    throw new ExitError(
      EXIT.error,
      `--format ${value} is a plan preview, not an apply report: use \`topicops plan --format ${value}\` (apply prints text or json)`,
    );
  }
  return parseFormat(value, APPLY_FORMATS);
}

export function registerApply(program: Command): void {
  const cmd = program
    .command('apply')
    .description(
      'plan, then change the cluster to match topics/ (asks for confirmation unless --yes). ' +
        'Partition moves run last, batch by batch, under the planned replication throttle, which is removed afterwards',
    )
    .option('-y, --yes', 'apply without asking (required when not run from a terminal)')
    .option('--dry-run', 'show what apply would do, with the partition-move preview, and change nothing (exit 0, or 1 on plan errors)')
    .option('--format <format>', 'text or json', 'text')
    .option('--prune', 'delete topics that are in the cluster but not in topics/ (overrides topicops.yaml)')
    .option('--rebalance', 'also bring every broker within ±1 replica and ±1 preferred leader (see `topicops rebalance`)')
    .option('--plan <file>', 'apply a plan saved with `plan --out` instead of planning; refused when the cluster changed since');
  addPlanningFlags(cmd).action(async (opts: ApplyOptions, command: Command) => {
    const ctx = createContext(command.optsWithGlobals<GlobalOptions>());
    const format = applyFormat(opts.format);
    const options = planningOptions(opts);
    if (opts.plan !== undefined) {
      const given = [...Object.keys(options), ...(opts.prune ? ['prune'] : []), ...(opts.rebalance ? ['rebalance'] : [])];
      if (given.length > 0) {
        throw new ExitError(EXIT.error, `--plan applies the saved plan as it was made; it cannot be combined with planning options (${given.join(', ')})`);
      }
      await withSavedPlanSession(ctx, opts.plan, (s) => applySession(ctx, s, format, opts));
      return;
    }
    await withPlanSession(ctx, { ...options, prune: opts.prune, rebalance: opts.rebalance }, (s) => applySession(ctx, s, format, opts));
  });
}

async function applySession(ctx: CommandContext, session: PlanSession, format: 'text' | 'json', opts: ApplyOptions): Promise<void> {
  const { plan, conn, loaded } = session;
  if (format === 'text') ctx.out(renderPlanText(plan, { color: ctx.terminal.color, topicsLabel: topicsLabel(loaded) }));
  if (plan.errors.length > 0) {
    if (format === 'json') ctx.out(renderPlanJson(plan));
    throw new ExitError(EXIT.error, 'the plan has errors; nothing was applied');
  }
  if (!hasChanges(plan)) {
    if (format === 'json') ctx.out(applyJson(plan, { applied: [] }));
    return;
  }
  if (opts.dryRun) {
    if (format === 'json') ctx.out(applyJson(plan, { applied: [] }, true));
    else ctx.out(`\nDry run: apply would make the changes above (${summaryLine(plan).replace(/ (created|updated|deleted|moved)/g, ' to be $1')}); nothing was changed.`);
    return;
  }
  await confirm(ctx, opts);
  const progress = createProgress(ctx.terminal, ctx.logger, plan.actions.length, 'Applying');
  let moves: Progress | null = null;
  let movesDone = -1;
  let result: ApplyResult;
  try {
    result = await applyPlan(plan, conn, {
      logger: ctx.logger,
      onProgress: (p) => progress.update(p.done, `${p.action.kind} ${p.action.topic}`),
      onReassignmentProgress: (p) => {
        if (p.done === movesDone) return;
        movesDone = p.done;
        moves ??= createProgress(ctx.terminal, ctx.logger, p.total, 'Moving partitions');
        moves.update(p.done, `batch ${p.batch}/${p.batches}`);
      },
    });
  } catch (err) {
    throw new ExitError(EXIT.error, (err as Error).message);
  } finally {
    (moves as Progress | null)?.stop();
    progress.stop();
  }
  if (format === 'json') ctx.out(applyJson(plan, result));
  else ctx.out(`\nApply complete: ${summaryLine(plan)}.`);
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
  const moved = plan.reassignment?.summary.partitionMoves ?? 0;
  return `${s.create} created, ${s.update} updated, ${s.delete} deleted${moved > 0 ? `, ${moved} partition${moved === 1 ? '' : 's'} moved` : ''}`;
}

function applyJson(plan: Plan, result: ApplyResult, dryRun = false): string {
  return JSON.stringify({ formatVersion: 1, ...(dryRun ? { dryRun: true } : {}), plan: JSON.parse(renderPlanJson(plan)), applied: result.applied }, null, 2);
}
