import { describe, expect, it } from 'vitest';
import { planReassignment } from './plan-reassignment.js';
import { exampleReassignment, exampleState, withOffline } from './testing.js';
import { renderReassignmentText } from './text.js';

describe('renderReassignmentText', () => {
  it('renders the example exactly', () => {
    expect(renderReassignmentText(exampleReassignment(), { color: false })).toBe(
      [
        'Reassignment: 3 partition moves (912 MiB, ~19 s at 50 MiB/s)',
        '',
        '  orders.v1-0: [1,2,3] → [2,1,3]  leader 1 → 2',
        '  orders.v1-3: [1,2,3] → [1,2,4]  +4 −3  812 MiB',
        '  payments-1: [2,3] → [4,3]  +4 −2, leader 2 → 4  100 MiB',
        '',
        'Brokers:',
        '  Broker  Rack  Replicas  Preferred leaders  Size',
        '  1       a     5 → 5     3 → 2              3.3 GiB → 3.3 GiB',
        '  2       b     6 → 5     2 → 2              3.4 GiB → 3.3 GiB',
        '  3       c     5 → 4     1 → 1              3.3 GiB → 2.5 GiB',
        '  4       a     0 → 2     0 → 1              0 B → 912 MiB',
        '',
        'Batches:',
        '  Batch 1: 1 move, instant (nothing copied)',
        '  Batch 2: 1 move, 812 MiB, ~17 s',
        '  Batch 3: 1 move, 100 MiB, ~2 s',
      ].join('\n'),
    );
  });

  it('colours added, removed and leader changes only when asked', () => {
    const lines = renderReassignmentText(exampleReassignment(), { color: true }).split('\n');
    expect(lines[2]).toBe('  orders.v1-0: [1,2,3] → [2,1,3]  \u001b[33mleader 1 → 2\u001b[0m');
    expect(lines[3]).toBe('  orders.v1-3: [1,2,3] → [1,2,4]  \u001b[32m+4\u001b[0m \u001b[31m−3\u001b[0m  812 MiB');
    expect(renderReassignmentText(exampleReassignment(), { color: false })).not.toContain('\u001b');
  });

  it('says unthrottled, marks offline brokers, and shows shrink-only moves without a size', () => {
    const state = withOffline(exampleState(), [3]);
    const r = planReassignment({ state, moves: [{ topic: 'payments', partition: 1, from: [2, 3], to: [2], sizeBytes: 5 }] });
    expect(renderReassignmentText(r, { color: false })).toBe(
      [
        'Reassignment: 1 partition move (nothing copied)',
        '',
        '  payments-1: [2,3] → [2]  −3',
        '',
        'Brokers:',
        '  Broker       Rack  Replicas  Preferred leaders  Size',
        '  1            a     5 → 5     3 → 3              3.3 GiB → 3.3 GiB',
        '  2            b     6 → 6     2 → 2              3.3 GiB → 3.3 GiB',
        '  3 (offline)  c     5 → 4     1 → 1              3.2 GiB → 3.2 GiB',
        '  4            a     0 → 0     0 → 0              0 B → 0 B',
        '',
        'Batches:',
        '  Batch 1: 1 move, instant (nothing copied)',
      ].join('\n'),
    );
    const unthrottled = renderReassignmentText(exampleReassignment({}), { color: false }).split('\n');
    expect(unthrottled[0]).toBe('Reassignment: 3 partition moves (912 MiB, unthrottled)');
    expect(unthrottled.at(-1)).toBe('  Batch 2: 2 moves, 912 MiB, unthrottled');
  });

  it('is one line without moves', () => {
    expect(renderReassignmentText(planReassignment({ state: exampleState(), moves: [] }), { color: false })).toBe(
      'Reassignment: no partition moves',
    );
  });
});
