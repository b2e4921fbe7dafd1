import { describe, expect, it } from 'vitest';
import type { PartitionRecord } from '../model/types.js';
import { cancelReassignment, completeReassignment, originalReplicas, startReassignment, targetReplicas } from './reassignment.js';

const part = (p: Partial<PartitionRecord> & Pick<PartitionRecord, 'replicas' | 'isr' | 'leader'>): PartitionRecord => ({ partition: 0, leaderEpoch: 0, partitionEpoch: 0, ...p });
const apply = (p: PartitionRecord, change: ReturnType<typeof startReassignment>): PartitionRecord => {
  const adding = change.addingReplicas ?? p.addingReplicas ?? [];
  const removing = change.removingReplicas ?? p.removingReplicas ?? [];
  return part({ replicas: change.replicas ?? p.replicas, isr: change.isr ?? p.isr, leader: change.leader ?? p.leader, ...(adding.length || removing.length ? { addingReplicas: adding, removingReplicas: removing } : {}) });
};
const up = () => true;

describe('reassignment (KIP-455)', () => {
  it('starts with target + removing replicas and keeps the ISR', () => {
    const p = part({ replicas: [1, 2, 3], isr: [1, 2, 3], leader: 1 });
    expect(startReassignment(p, [4, 2, 3])).toEqual({ replicas: [4, 2, 3, 1], isr: [1, 2, 3], addingReplicas: [4], removingReplicas: [1] });
  });

  it('completes only once every target replica is in the ISR, moving leadership off a removed leader', () => {
    const moving = apply(part({ replicas: [1, 2, 3], isr: [1, 2, 3], leader: 1 }), startReassignment(part({ replicas: [1, 2, 3], isr: [1, 2, 3], leader: 1 }), [4, 2, 3]));
    expect(completeReassignment(moving, up)).toBeNull();
    const synced = { ...moving, isr: [1, 2, 3, 4] };
    expect(completeReassignment(synced, up)).toEqual({ replicas: [4, 2, 3], isr: [2, 3, 4], leader: 4, addingReplicas: [], removingReplicas: [] });
  });

  it('keeps a leader that stays, and completes at once when nothing is added', () => {
    const p = part({ replicas: [1, 2, 3], isr: [1, 2, 3], leader: 2 });
    const shrunk = apply(p, startReassignment(p, [2, 3]));
    expect(completeReassignment(shrunk, up)).toEqual({ replicas: [2, 3], isr: [2, 3], leader: 2, addingReplicas: [], removingReplicas: [] });
  });

  it('replaces an ongoing target starting from the same original replicas', () => {
    const p = part({ replicas: [1, 2], isr: [1, 2], leader: 1 });
    const first = apply(p, startReassignment(p, [3, 4]));
    expect(originalReplicas(first)).toEqual([1, 2]);
    expect(targetReplicas(first)).toEqual([3, 4]);
    expect(startReassignment(first, [1, 5])).toEqual({ replicas: [1, 5, 2], isr: [1, 2], addingReplicas: [5], removingReplicas: [2] });
  });

  it('cancels back to the original replica set, handing leadership back when an added replica leads', () => {
    const p = part({ replicas: [1, 2], isr: [1, 2], leader: 1 });
    const moving = { ...apply(p, startReassignment(p, [3, 2])), isr: [1, 2, 3], leader: 3 };
    expect(cancelReassignment(moving, up)).toEqual({ replicas: [2, 1], isr: [1, 2], leader: 2, addingReplicas: [], removingReplicas: [] });
  });
});
