/**
 * Mermaid chart sources for reassignment previews (rendered by GitHub/GitLab in pull-request comments):
 * per-broker load before/after as an `xychart-beta` (bars = before, line = after) and the batch timeline as a
 * `gantt` chart. Pure; returns the chart source without the ```mermaid fence.
 */
import { plural } from './format.js';
import type { Reassignment } from './types.js';
import { formatBytes, formatDuration, formatRate, oneDecimal } from './units.js';

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** The unit formatBytes would pick for `bytes`, with its size. */
export function byteUnitFor(bytes: number): { readonly name: string; readonly size: number } {
  const label = formatBytes(bytes);
  const name = label.slice(label.lastIndexOf(' ') + 1);
  const index = Math.max(0, UNITS.indexOf(name as (typeof UNITS)[number]));
  return { name: UNITS[index], size: 1024 ** index };
}

/** Bytes per broker when any size is known, else replicas per broker. */
export function loadChart(r: Reassignment): string {
  const rows = r.brokers;
  const maxBytes = rows.reduce((m, b) => Math.max(m, b.before.bytes, b.after.bytes), 0);
  const labels = rows.map((b) => `"${b.brokerId}"`).join(', ');
  let title: string;
  let axis: string;
  let before: string[];
  let after: string[];
  if (maxBytes > 0) {
    const unit = byteUnitFor(maxBytes);
    title = `Size per broker in ${unit.name}, bars before, line after`;
    axis = unit.name;
    before = rows.map((b) => oneDecimal(b.before.bytes / unit.size));
    after = rows.map((b) => oneDecimal(b.after.bytes / unit.size));
  } else {
    title = 'Replicas per broker, bars before, line after';
    axis = 'Replicas';
    before = rows.map((b) => String(b.before.replicas));
    after = rows.map((b) => String(b.after.replicas));
  }
  return [
    'xychart-beta',
    `    title "${title}"`,
    `    x-axis "Broker" [${labels}]`,
    `    y-axis "${axis}"`,
    `    bar [${before.join(', ')}]`,
    `    line [${after.join(', ')}]`,
  ].join('\n');
}

/** Batch timeline; null when unthrottled (durations unknown). Instant batches are milestones. */
export function batchTimeline(r: Reassignment): string | null {
  if (r.summary.etaSeconds === null || r.summary.throttleBytesPerSec === null) return null;
  const lines = [
    'gantt',
    `    title Reassignment batches, ETA ${formatDuration(r.summary.etaSeconds)} at ${formatRate(r.summary.throttleBytesPerSec)}`,
    '    dateFormat HH:mm:ss',
    `    axisFormat ${r.summary.etaSeconds < 3600 ? '%H:%M:%S' : '%H:%M'}`,
    '    section Batches',
  ];
  for (const batch of r.batches) {
    const start = batch.index === 1 ? '00:00:00' : `after b${batch.index - 1}`;
    const seconds = batch.durationSeconds ?? 0;
    const moves = plural(batch.moves.length, 'move');
    if (batch.kind === 'instant') {
      lines.push(`    Batch ${batch.index} - ${moves}, instant :milestone, b${batch.index}, ${start}, 0s`);
    } else {
      lines.push(`    Batch ${batch.index} - ${moves}, ${formatBytes(batch.bytes)} :b${batch.index}, ${start}, ${seconds}s`);
    }
  }
  return lines.join('\n');
}
