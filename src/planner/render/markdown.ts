/**
 * A reassignment preview as Markdown for a pull-request comment: the summary line first, then errors and
 * warnings, then collapsed `<details>` sections: partition moves, brokers before → after (with a Mermaid
 * xychart), batches with their ETA (with a Mermaid gantt timeline when throttled). Pure; no trailing newline.
 */
import type { PlanIssue, PlanSummary } from '../plan.js';
import { batchEta, changeLabel, partitionName, replicaList, summaryLine } from '../reassignment/format.js';
import { batchTimeline, loadChart } from '../reassignment/mermaid.js';
import { reassignmentMoves } from '../reassignment/plan-reassignment.js';
import { BROKER_COLUMNS, brokerCells } from '../reassignment/text.js';
import type { Reassignment } from '../reassignment/types.js';
import { formatBytes, formatDuration } from '../reassignment/units.js';

/** Keeps text inside a table cell and out of HTML. */
export function cell(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ];
}

export function details(summary: string, body: readonly string[]): string[] {
  return ['<details>', `<summary>${cell(summary)}</summary>`, '', ...body, '', '</details>'];
}

function fence(chart: string): string[] {
  return ['```mermaid', chart, '```'];
}

export function issueLine(label: 'Error' | 'Warning', item: PlanIssue): string {
  const where = item.topic === undefined ? '' : ` ${cell(item.topic)}:`;
  return `- **${label}** \`${item.code}\`:${where} ${cell(item.message)}`;
}

export interface RenderMarkdownOptions {
  /**
   * Most rows in the partition-moves table; the rest are counted in a last row. Default 250, which keeps a large
   * reassignment within GitHub's 65,536-character comment limit.
   */
  readonly maxMoveRows?: number;
}

export const DEFAULT_MAX_MOVE_ROWS = 250;

function movesSection(r: Reassignment, maxRows: number): string[] {
  const moves = reassignmentMoves(r);
  const rows = moves.slice(0, maxRows).map((m) => [
    partitionName(m.topic, m.partition),
    `${replicaList(m.from)} → ${replicaList(m.to)}`,
    changeLabel(m),
    formatBytes(m.bytesCopied),
  ]);
  if (moves.length > maxRows) {
    const rest = moves.slice(maxRows);
    rows.push([`… ${rest.length} more`, '', '', formatBytes(rest.reduce((sum, m) => sum + m.bytesCopied, 0))]);
  }
  return details(`Partition moves (${moves.length})`, table(['Partition', 'Replicas', 'Change', 'Copy'], rows));
}

function brokersSection(r: Reassignment): string[] {
  return details('Brokers before → after', [
    ...table([...BROKER_COLUMNS], r.brokers.map(brokerCells)),
    '',
    ...fence(loadChart(r)),
  ]);
}

function batchesSection(r: Reassignment): string[] {
  const rows = r.batches.map((b) => [
    String(b.index),
    String(b.moves.length),
    formatBytes(b.bytes),
    batchEta(b.durationSeconds, b.kind),
  ]);
  const eta = r.summary.etaSeconds === null ? 'unthrottled' : `ETA ~${formatDuration(r.summary.etaSeconds)}`;
  const timeline = batchTimeline(r);
  const body = [...table(['Batch', 'Moves', 'Copy', 'ETA'], rows)];
  body.push('', ...(timeline === null ? ['_No timeline: without a throttle the durations are unknown._'] : fence(timeline)));
  return details(`Batches (${r.batches.length}, ${eta})`, body);
}

export function renderReassignmentMarkdown(
  reassignment: Reassignment,
  topicChangesSummary?: PlanSummary,
  options: RenderMarkdownOptions = {},
): string {
  const blocks: string[][] = [[summaryLine(reassignment, topicChangesSummary)]];
  const issues = [
    ...reassignment.errors.map((e) => issueLine('Error', e)),
    ...reassignment.warnings.map((w) => issueLine('Warning', w)),
  ];
  if (issues.length > 0) blocks.push(issues);
  blocks.push(...reassignmentSections(reassignment, options));
  return blocks.map((lines) => lines.join('\n')).join('\n\n');
}

/** The collapsed sections (moves, brokers with chart, batches with timeline), one block of lines each; none without moves. */
export function reassignmentSections(reassignment: Reassignment, options: RenderMarkdownOptions = {}): string[][] {
  if (reassignment.summary.partitionMoves === 0) return [];
  return [
    movesSection(reassignment, options.maxMoveRows ?? DEFAULT_MAX_MOVE_ROWS),
    brokersSection(reassignment),
    batchesSection(reassignment),
  ];
}
