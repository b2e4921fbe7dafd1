/**
 * A whole Plan as Markdown for a pull-request comment (`--format markdown`): the summary line first
 * ("3 to create, 1 to update, 24 partition moves (18.4 GiB, ~6 min at 50 MiB/s)"), then the plan's errors and
 * warnings, then collapsed sections: the topic changes (a `diff` block, so GitHub colours + and -), and — when
 * anything moves — the reassignment's moves, brokers before → after and batches with their Mermaid charts
 * (./markdown.ts). Pure; no trailing newline.
 */
import type { Plan, PlanSummary } from '../plan.js';
import { summaryLine } from '../reassignment/format.js';
import { DEFAULT_MAX_MOVE_ROWS, details, issueLine, reassignmentSections, type RenderMarkdownOptions } from './markdown.js';
import { renderAction } from './text.js';

export interface RenderPlanMarkdownOptions extends RenderMarkdownOptions {
  /** How the YAML directory is named in the no-changes line. Default "topics/". */
  readonly topicsLabel?: string;
  /** The line used when nothing changes; default "No changes. The cluster matches <topicsLabel>." */
  readonly noChangesLine?: string;
  /** Count topics to create / update / delete in the summary line (default true; a rebalance leaves them out). */
  readonly topicCounts?: boolean;
}

function topicCountsLine(s: PlanSummary): string {
  const parts: string[] = [];
  if (s.create > 0) parts.push(`${s.create} to create`);
  if (s.update > 0) parts.push(`${s.update} to update`);
  if (s.delete > 0) parts.push(`${s.delete} to delete`);
  return parts.join(', ');
}

/** The first line: what the plan does, in one sentence. */
export function planSummaryLine(plan: Plan, options: RenderPlanMarkdownOptions = {}): string {
  const counts = options.topicCounts ?? true;
  if (plan.reassignment !== undefined) return summaryLine(plan.reassignment, counts ? plan.summary : undefined);
  if (plan.actions.length === 0) {
    if (plan.errors.length > 0) return 'No changes planned: the plan has errors.';
    return options.noChangesLine ?? `No changes. The cluster matches ${options.topicsLabel ?? 'topics/'}.`;
  }
  return topicCountsLine(plan.summary);
}

export function renderPlanMarkdown(plan: Plan, options: RenderPlanMarkdownOptions = {}): string {
  const blocks: string[][] = [[planSummaryLine(plan, options)]];
  const issues = [...plan.errors.map((e) => issueLine('Error', e)), ...plan.warnings.map((w) => issueLine('Warning', w))];
  if (issues.length > 0) blocks.push(issues);
  if (plan.actions.length > 0) {
    // A diff block colours "+" and "-" lines on GitHub; a reassign line sums up one topic's moves. Capped like the
    // moves table, so a cluster-wide rebalance stays within GitHub's comment limit.
    const max = options.maxMoveRows ?? DEFAULT_MAX_MOVE_ROWS;
    const lines = plan.actions.slice(0, max).flatMap((a) => renderAction(a, false).map((l) => l.replace(/^ {2}/, '')));
    if (plan.actions.length > max) lines.push(`… ${plan.actions.length - max} more actions`);
    const topics = new Set(plan.actions.map((a) => a.topic)).size;
    blocks.push(details(`Changes by topic (${topics})`, ['```diff', ...lines, '```']));
  }
  if (plan.reassignment !== undefined) blocks.push(...reassignmentSections(plan.reassignment, options));
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}
