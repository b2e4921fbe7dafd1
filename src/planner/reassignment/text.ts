/**
 * The reassignment section of `topicops plan --format text`: summary line, one line per partition move, the
 * per-broker before/after table and the batches with their ETA. Pure: returns the text (lines joined with "\n",
 * no trailing newline). Errors and warnings are not printed here: they belong to the plan's own issue block.
 * ANSI colours only when `color` is true (green +added, red −removed, yellow leader changes).
 */
import { reassignmentMoves } from './plan-reassignment.js';
import { batchEta, changeTokens, copiedLabel, partitionName, plural, replicaList, summaryLine } from './format.js';
import type { BrokerLoadRow, PlannedMove, Reassignment, ReassignmentBatch } from './types.js';
import { formatBytes } from './units.js';

export interface RenderReassignmentTextOptions {
  readonly color: boolean;
}

const ANSI = { green: '\u001b[32m', yellow: '\u001b[33m', red: '\u001b[31m', reset: '\u001b[0m' } as const;
type Colour = Exclude<keyof typeof ANSI, 'reset'>;

function paint(text: string, colour: Colour, enabled: boolean): string {
  return enabled ? `${ANSI[colour]}${text}${ANSI.reset}` : text;
}

function moveLine(move: PlannedMove, color: boolean): string {
  const t = changeTokens(move);
  const replicas = [...t.added.map((a) => paint(a, 'green', color)), ...t.removed.map((r) => paint(r, 'red', color))].join(' ');
  const leader = t.leader === null ? '' : paint(t.leader, 'yellow', color);
  const change = replicas === '' ? leader : leader === '' ? replicas : `${replicas}, ${leader}`;
  const size = copiedLabel(move);
  const head = `  ${partitionName(move.topic, move.partition)}: ${replicaList(move.from)} → ${replicaList(move.to)}`;
  return [head, change, size].filter((part) => part !== '').join('  ');
}

/** Left-aligned columns separated by two spaces; the last column is not padded (no trailing spaces). */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  '));
}

export function brokerCells(row: BrokerLoadRow): string[] {
  return [
    row.online ? String(row.brokerId) : `${row.brokerId} (offline)`,
    row.rack ?? '-',
    `${row.before.replicas} → ${row.after.replicas}`,
    `${row.before.preferredLeaders} → ${row.after.preferredLeaders}`,
    `${formatBytes(row.before.bytes)} → ${formatBytes(row.after.bytes)}`,
  ];
}

export const BROKER_COLUMNS = ['Broker', 'Rack', 'Replicas', 'Preferred leaders', 'Size'] as const;

function batchLine(batch: ReassignmentBatch): string {
  const moves = plural(batch.moves.length, 'move');
  if (batch.kind === 'instant') return `  Batch ${batch.index}: ${moves}, instant (nothing copied)`;
  return `  Batch ${batch.index}: ${moves}, ${formatBytes(batch.bytes)}, ${batchEta(batch.durationSeconds, batch.kind)}`;
}

export function renderReassignmentText(reassignment: Reassignment, options: RenderReassignmentTextOptions): string {
  const head = `Reassignment: ${summaryLine(reassignment)}`;
  if (reassignment.summary.partitionMoves === 0) return head;
  const blocks: string[][] = [
    [head],
    reassignmentMoves(reassignment).map((m) => moveLine(m, options.color)),
    ['Brokers:', ...alignColumns([[...BROKER_COLUMNS], ...reassignment.brokers.map(brokerCells)]).map((l) => `  ${l}`)],
    ['Batches:', ...reassignment.batches.map(batchLine)],
  ];
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}
