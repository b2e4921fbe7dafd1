import { describe, expect, it } from 'vitest';
import { planReassignment } from '../reassignment/plan-reassignment.js';
import { exampleReassignment, exampleState, MiB } from '../reassignment/testing.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { renderReassignmentMarkdown } from './markdown.js';

describe('renderReassignmentMarkdown', () => {
  it('renders the example exactly: summary line, then collapsed sections with Mermaid charts', () => {
    expect(renderReassignmentMarkdown(exampleReassignment(), { create: 3, update: 1, delete: 0 })).toBe(
      [
        '3 to create, 1 to update, 3 partition moves (912 MiB, ~19 s at 50 MiB/s)',
        '',
        '<details>',
        '<summary>Partition moves (3)</summary>',
        '',
        '| Partition | Replicas | Change | Copy |',
        '|---|---|---|---|',
        '| orders.v1-0 | [1,2,3] → [2,1,3] | leader 1 → 2 | 0 B |',
        '| orders.v1-3 | [1,2,3] → [1,2,4] | +4 −3 | 812 MiB |',
        '| payments-1 | [2,3] → [4,3] | +4 −2, leader 2 → 4 | 100 MiB |',
        '',
        '</details>',
        '',
        '<details>',
        '<summary>Brokers before → after</summary>',
        '',
        '| Broker | Rack | Replicas | Preferred leaders | Size |',
        '|---|---|---|---|---|',
        '| 1 | a | 5 → 5 | 3 → 2 | 3.3 GiB → 3.3 GiB |',
        '| 2 | b | 6 → 5 | 2 → 2 | 3.4 GiB → 3.3 GiB |',
        '| 3 | c | 5 → 4 | 1 → 1 | 3.3 GiB → 2.5 GiB |',
        '| 4 | a | 0 → 2 | 0 → 1 | 0 B → 912 MiB |',
        '',
        '```mermaid',
        'xychart-beta',
        '    title "Size per broker in GiB, bars before, line after"',
        '    x-axis "Broker" ["1", "2", "3", "4"]',
        '    y-axis "GiB"',
        '    bar [3.3, 3.4, 3.3, 0]',
        '    line [3.3, 3.3, 2.5, 0.9]',
        '```',
        '',
        '</details>',
        '',
        '<details>',
        '<summary>Batches (3, ETA ~19 s)</summary>',
        '',
        '| Batch | Moves | Copy | ETA |',
        '|---|---|---|---|',
        '| 1 | 1 | 0 B | instant |',
        '| 2 | 1 | 812 MiB | ~17 s |',
        '| 3 | 1 | 100 MiB | ~2 s |',
        '',
        '```mermaid',
        'gantt',
        '    title Reassignment batches, ETA 19 s at 50 MiB/s',
        '    dateFormat HH:mm:ss',
        '    axisFormat %H:%M:%S',
        '    section Batches',
        '    Batch 1 - 1 move, instant :milestone, b1, 00:00:00, 0s',
        '    Batch 2 - 1 move, 812 MiB :b2, after b1, 17s',
        '    Batch 3 - 1 move, 100 MiB :b3, after b2, 2s',
        '```',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('without a throttle: no ETA, no timeline', () => {
    const md = renderReassignmentMarkdown(exampleReassignment({}));
    expect(md.split('\n')[0]).toBe('3 partition moves (912 MiB, unthrottled)');
    expect(md).toContain('<summary>Batches (2, unthrottled)</summary>');
    expect(md).toContain('| 2 | 2 | 912 MiB | unthrottled |');
    expect(md).toContain('_No timeline: without a throttle the durations are unknown._');
    expect(md).not.toContain('gantt');
  });

  it('lists errors and warnings after the summary line, escaped for Markdown and HTML', () => {
    const r = planReassignment({
      state: exampleState(),
      moves: [
        { topic: 'orders.v1', partition: 3, from: [1, 2, 3], to: [1, 2, 9], sizeBytes: 812 * MiB },
        { topic: 'payments', partition: 1, from: [2, 3], to: [4, 3], sizeBytes: 100 * MiB },
      ],
      options: { budgetBytes: 10 * MiB, throttleBytesPerSec: 100 * MiB },
    });
    const lines = renderReassignmentMarkdown(r, { create: 0, update: 2, delete: 1 }).split('\n');
    expect(lines.slice(0, 5)).toEqual([
      '2 to update, 1 to delete, 1 partition move (100 MiB, ~1 s at 100 MiB/s)',
      '',
      '- **Error** `move-to-offline-broker`: orders.v1: orders.v1-3: Unknown broker id 9',
      '- **Warning** `reassignment-over-budget`: the reassignment copies 100 MiB (104857600 bytes), more than the budget of 10 MiB (10485760 bytes)',
      '',
    ]);
    const withHtml = renderReassignmentMarkdown({ ...r, warnings: [{ code: 'x', message: 'a <b> | c & d' }], errors: [] });
    expect(withHtml.split('\n')[2]).toBe('- **Warning** `x`: a &lt;b&gt; \\| c &amp; d');
  });

  it('caps the partition table and counts the rest', () => {
    const md = renderReassignmentMarkdown(exampleReassignment(), undefined, { maxMoveRows: 1 });
    expect(md).toContain(
      [
        '| Partition | Replicas | Change | Copy |',
        '|---|---|---|---|',
        '| orders.v1-0 | [1,2,3] → [2,1,3] | leader 1 → 2 | 0 B |',
        '| … 2 more |  |  | 912 MiB |',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('is the summary line alone without moves', () => {
    const r = planReassignment({ state: exampleState(), moves: [] });
    expect(renderReassignmentMarkdown(r, { create: 3, update: 0, delete: 0 })).toBe('3 to create, no partition moves');
  });

  it('charts replicas when no partition size is known', () => {
    const moves = [{ topic: 'payments', partition: 1, from: [2, 3], to: [4, 3], sizeBytes: 0 }];
    const state = new ClusterStateBuilder().brokers(4).topic('payments', { assignment: [[1, 2], [2, 3]], defaults: false }).build();
    const md = renderReassignmentMarkdown(planReassignment({ state, moves }));
    expect(md).toContain(
      [
        'xychart-beta',
        '    title "Replicas per broker, bars before, line after"',
        '    x-axis "Broker" ["1", "2", "3", "4"]',
        '    y-axis "Replicas"',
        '    bar [1, 2, 1, 0]',
        '    line [1, 1, 1, 1]',
      ].join('\n'),
    );
  });
});
