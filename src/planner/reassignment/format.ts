/**
 * Small shared wording for reassignment previews (text and Markdown): partition names as Kafka prints them,
 * replica lists, per-move change labels, the one-line summary. Pure.
 */
import type { PlanSummary } from '../plan.js';
import type { PlannedMove, Reassignment } from './types.js';
import { formatBytes, formatDuration, formatRate } from './units.js';

/** Kafka's TopicPartition.toString(): "orders.v1-3". */
export function partitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** [1, 2, 3] → "[1,2,3]". */
export function replicaList(ids: readonly number[]): string {
  return `[${ids.join(',')}]`;
}

export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}

/** One token per change: "+4", "−3" (U+2212), or "leader 1 → 2" for a leadership-only move. */
export interface ChangeTokens {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  /** "leader 1 → 2" when the preferred leader changes, else null. */
  readonly leader: string | null;
}

export function changeTokens(move: PlannedMove): ChangeTokens {
  return {
    added: move.added.map((id) => `+${id}`),
    removed: move.removed.map((id) => `\u2212${id}`),
    leader: move.leaderChange ? `leader ${move.from[0]} → ${move.to[0]}` : null,
  };
}

/** "+4 −3", "−3", "leader 1 → 2", "+4 −1, leader 1 → 4". */
export function changeLabel(move: PlannedMove): string {
  const t = changeTokens(move);
  const replicas = [...t.added, ...t.removed].join(' ');
  if (t.leader === null) return replicas;
  return replicas === '' ? t.leader : `${replicas}, ${t.leader}`;
}

/** "812 MiB" for a copy, "" when nothing is copied. */
export function copiedLabel(move: PlannedMove): string {
  return move.kind === 'copy' ? formatBytes(move.bytesCopied) : '';
}

/** "(18.4 GiB, ~6 min at 50 MiB/s)" / "(18.4 GiB, unthrottled)" / "(nothing copied)". */
function movesDetail(r: Reassignment): string {
  const s = r.summary;
  if (s.bytes === 0 && r.batches.every((b) => b.kind === 'instant')) return '(nothing copied)';
  if (s.throttleBytesPerSec === null || s.etaSeconds === null) return `(${formatBytes(s.bytes)}, unthrottled)`;
  return `(${formatBytes(s.bytes)}, ~${formatDuration(s.etaSeconds)} at ${formatRate(s.throttleBytesPerSec)})`;
}

/** "3 to create, 1 to update, 24 partition moves (18.4 GiB, ~6 min at 50 MiB/s)"; zero topic counts are left out. */
export function summaryLine(r: Reassignment, topics?: PlanSummary): string {
  const parts: string[] = [];
  if (topics !== undefined) {
    if (topics.create > 0) parts.push(`${topics.create} to create`);
    if (topics.update > 0) parts.push(`${topics.update} to update`);
    if (topics.delete > 0) parts.push(`${topics.delete} to delete`);
  }
  const n = r.summary.partitionMoves;
  parts.push(n === 0 ? 'no partition moves' : `${plural(n, 'partition move')} ${movesDetail(r)}`);
  return parts.join(', ');
}

/** "instant", "~34 s", "unthrottled". */
export function batchEta(durationSeconds: number | null, kind: 'instant' | 'copy'): string {
  if (kind === 'instant') return 'instant';
  return durationSeconds === null ? 'unthrottled' : `~${formatDuration(durationSeconds)}`;
}
