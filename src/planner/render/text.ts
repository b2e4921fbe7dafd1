/**
 * Terraform-style text rendering of a Plan. Pure: returns the text (lines joined with "\n", no trailing newline).
 * Blocks: actions; the reassignment preview (moves, per-broker before/after, batches) when there is one; errors and
 * warnings; the final line.
 * ANSI colours only when `color` is true (the CLI passes false for NO_COLOR or a non-TTY).
 */
import type { ConfigChange, Plan, PlanAction, PlanIssue, ReassignPartitionsAction } from '../plan.js';
import { renderReassignmentText } from '../reassignment/index.js';

export interface RenderTextOptions {
  readonly color: boolean;
  /** How the YAML directory is named in "No changes. The cluster matches <label>." Default "topics/". */
  readonly topicsLabel?: string;
  /** The whole final line when nothing changes; default "No changes. The cluster matches <topicsLabel>." */
  readonly noChangesLine?: string;
}

const ANSI = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', reset: '\u001b[0m' } as const;
type Colour = Exclude<keyof typeof ANSI, 'reset'>;

function paint(text: string, colour: Colour, enabled: boolean): string {
  return enabled ? `${ANSI[colour]}${text}${ANSI.reset}` : text;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function renderTarget(change: ConfigChange): string {
  if (change.to !== null) return change.to;
  return change.defaultValue === undefined || change.defaultValue === null ? '(default)' : `(default ${change.defaultValue})`;
}

const REASON_TEXT: Readonly<Record<ReassignPartitionsAction['reason'], string>> = {
  'replication-factor': 'replication factor',
  decommission: 'decommission',
  placement: 'placement',
  rebalance: 'rebalance',
};

/** "6 partitions, 6 replicas added, 2 removed, 1 leader change". */
function reassignFigures(action: ReassignPartitionsAction): string {
  let added = 0;
  let removed = 0;
  let leaders = 0;
  for (const m of action.moves) {
    added += m.to.filter((id) => !m.from.includes(id)).length;
    removed += m.from.filter((id) => !m.to.includes(id)).length;
    if (m.from[0] !== m.to[0]) leaders++;
  }
  const parts = [plural(action.moves.length, 'partition')];
  if (added > 0) parts.push(`${plural(added, 'replica')} added`);
  if (removed > 0) parts.push(`${removed} removed`);
  if (leaders > 0) parts.push(plural(leaders, 'leader change'));
  return parts.join(', ');
}

/** The lines of one action ("  + create orders.v1 (12 partitions, RF 3)", its configs, …). */
export function renderAction(action: PlanAction, color: boolean): string[] {
  const plus = paint('+', 'green', color);
  const tilde = paint('~', 'yellow', color);
  const minus = paint('-', 'red', color);
  switch (action.kind) {
    case 'create-topic':
      return [
        `  ${plus} create ${action.topic} (${plural(action.partitions, 'partition')}, RF ${action.replicationFactor})`,
        ...Object.keys(action.configs)
          .sort()
          .map((name) => `      ${name} = ${action.configs[name]}`),
      ];
    case 'update-configs':
      return action.changes.map(
        (c) => `  ${tilde} update ${action.topic}: ${c.name} ${c.from ?? '(not set)'} → ${renderTarget(c)}`,
      );
    case 'add-partitions':
      return [`  ${tilde} update ${action.topic}: partitions ${action.from} → ${action.to}`];
    case 'reassign-partitions':
      return [`  ${tilde} reassign ${action.topic} (${REASON_TEXT[action.reason]}): ${reassignFigures(action)}`];
    case 'delete-topic':
      return [`  ${minus} delete ${action.topic} (${plural(action.partitions, 'partition')})`];
  }
}

function renderIssue(label: 'Error' | 'Warning', item: PlanIssue, color: boolean): string {
  const head = paint(`${label}:`, label === 'Error' ? 'red' : 'yellow', color);
  const where = item.source ? ` (${item.source.file}:${item.source.line}:${item.source.column})` : '';
  return item.topic === undefined ? `${head} ${item.message}${where}` : `${head} ${item.topic}: ${item.message}${where}`;
}

export function renderPlanText(plan: Plan, options: RenderTextOptions): string {
  const { color } = options;
  const label = options.topicsLabel ?? 'topics/';
  const blocks: string[][] = [];
  const actionLines = plan.actions.flatMap((a) => renderAction(a, color));
  if (actionLines.length > 0) blocks.push(actionLines);
  if (plan.reassignment !== undefined) blocks.push([renderReassignmentText(plan.reassignment, { color })]);
  const issueLines = [
    ...plan.errors.map((e) => renderIssue('Error', e, color)),
    ...plan.warnings.map((w) => renderIssue('Warning', w, color)),
  ];
  if (issueLines.length > 0) blocks.push(issueLines);
  if (plan.actions.length === 0 && plan.errors.length === 0) {
    blocks.push([options.noChangesLine ?? `No changes. The cluster matches ${label}.`]);
  } else {
    const s = plan.summary;
    blocks.push([`Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete.`]);
  }
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}
