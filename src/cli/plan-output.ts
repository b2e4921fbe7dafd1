/**
 * How plan and rebalance print a plan: text, json, markdown (a pull-request comment) or kafka-reassignment (the file
 * `kafka-reassign-partitions.sh --execute` takes). Always the whole result on standard output, nothing else there;
 * `--out` saves the plan JSON (with its cluster fingerprint) for `apply --plan`.
 */
import { writeFile } from 'node:fs/promises';
import {
  renderKafkaReassignmentJson,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
  type Plan,
} from '../planner/index.js';
import type { CommandContext } from './context.js';
import { EXIT, ExitError } from './exit.js';

export const PLAN_FORMATS = ['text', 'json', 'markdown', 'kafka-reassignment'] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export interface PlanOutputOptions {
  readonly format: PlanFormat;
  /** "No changes. The cluster matches topics/." is built from this. */
  readonly topicsLabel?: string;
  /** Replaces the whole no-changes line (rebalance). */
  readonly noChangesLine?: string;
  /** Count topics to create / update / delete in the Markdown summary line (default true). */
  readonly topicCounts?: boolean;
}

export function renderPlanAs(plan: Plan, color: boolean, opts: PlanOutputOptions): string {
  const labels = {
    ...(opts.topicsLabel !== undefined ? { topicsLabel: opts.topicsLabel } : {}),
    ...(opts.noChangesLine !== undefined ? { noChangesLine: opts.noChangesLine } : {}),
  };
  switch (opts.format) {
    case 'text':
      return renderPlanText(plan, { color, ...labels });
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, { ...labels, topicCounts: opts.topicCounts ?? true });
    case 'kafka-reassignment':
      return renderKafkaReassignmentJson(plan.actions.flatMap((a) => (a.kind === 'reassign-partitions' ? a.moves : [])));
  }
}

/** Saves the plan JSON for `apply --plan`; a write failure is a clear exit 1. */
export async function savePlan(ctx: CommandContext, file: string, plan: Plan): Promise<void> {
  try {
    await writeFile(file, `${renderPlanJson(plan)}\n`);
  } catch (err) {
    throw new ExitError(EXIT.error, `--out: cannot write ${file}: ${(err as Error).message}`);
  }
  ctx.logger.info({ file, clusterFingerprint: plan.clusterFingerprint }, 'plan saved');
}

/**
 * Prints the plan, then ends with terraform's exit codes: 1 when the plan has errors, 2 with --detailed-exitcode
 * when it changes something, else 0. For kafka-reassignment, topic changes outside the file are noted on stderr, and a
 * plan with errors prints no file at all (standard output stays empty), only the errors on stderr.
 */
export function printPlan(ctx: CommandContext, plan: Plan, opts: PlanOutputOptions & { readonly detailedExitcode?: boolean }): void {
  // A reassignment file from a plan with errors could be executed as it is: none is written, only the errors.
  const withheld = opts.format === 'kafka-reassignment' && plan.errors.length > 0;
  if (!withheld) ctx.out(renderPlanAs(plan, ctx.terminal.color, opts));
  if (opts.format === 'kafka-reassignment') {
    const other = plan.actions.filter((a) => a.kind !== 'reassign-partitions');
    if (other.length > 0) {
      ctx.err(`Note: ${other.length} topic change(s) (create, config, partitions, delete) are not part of a reassignment file; \`topicops apply\` makes them.`);
    }
    for (const e of plan.errors) ctx.err(`Error: ${e.topic === undefined ? '' : `${e.topic}: `}${e.message}`);
  }
  if (plan.errors.length > 0) throw new ExitError(EXIT.error, 'the plan has errors; apply would refuse it');
  if (opts.detailedExitcode && plan.actions.length > 0) throw new ExitError(EXIT.changes);
}
