import { describe, expect, it } from 'vitest';
import type { PartitionRecord } from '../model/types.js';
import { onBrokerStarted, onBrokerStopped } from './elections.js';

const part = (replicas: number[], isr: number[], leader: number): PartitionRecord => ({ partition: 0, replicas, isr, leader, leaderEpoch: 3, partitionEpoch: 7 });
const allBut = (...down: number[]) => (id: number) => !down.includes(id);

describe('onBrokerStopped', () => {
  it.each([
    // [replicas, isr, leader, stopped, down, unclean, expected change]
    ['a follower leaves the ISR', [1, 2, 3], [1, 2, 3], 1, 3, [], false, { leader: 1, isr: [1, 2] }],
    ['the leader hands over to the first ISR member in replica order', [1, 2, 3], [3, 2, 1], 1, 1, [], false, { leader: 2, isr: [3, 2] }],
    ['an out-of-sync replica cannot lead', [1, 2, 3], [1, 3], 1, 1, [], false, { leader: 3, isr: [3] }],
    ['the last ISR member stays in the ISR, the partition goes offline', [1, 2], [1], 1, 1, [], false, { leader: -1, isr: [1] }],
    ['unclean election picks any live replica and resets the ISR', [1, 2], [1], 1, 1, [], true, { leader: 2, isr: [2] }],
    ['a live ISR member that is also down cannot lead', [1, 2, 3], [1, 2, 3], 1, 1, [2], false, { leader: 3, isr: [2, 3] }],
  ] as const)('%s', (_name, replicas, isr, leader, stopped, down, unclean, expected) => {
    expect(onBrokerStopped(part([...replicas], [...isr], leader), stopped, allBut(stopped, ...down), unclean)).toEqual(expected);
  });

  it('leaves partitions the broker does not hold alone', () => {
    expect(onBrokerStopped(part([1, 2], [1, 2], 1), 3, allBut(3), false)).toBeNull();
  });
});

describe('onBrokerStarted', () => {
  it('lets the last ISR member lead its offline partition again', () => {
    expect(onBrokerStarted(part([1, 2], [1], -1), 1, allBut(2), false)).toEqual({ leader: 1 });
  });
  it('does not let an out-of-sync replica lead cleanly', () => {
    expect(onBrokerStarted(part([1, 2], [1], -1), 2, allBut(1), false)).toBeNull();
  });
  it('lets it lead uncleanly when the topic allows', () => {
    expect(onBrokerStarted(part([1, 2], [1], -1), 2, allBut(1), true)).toEqual({ leader: 2, isr: [2] });
  });
  it('changes nothing for a partition that has a leader', () => {
    expect(onBrokerStarted(part([1, 2], [2], 2), 1, allBut(), false)).toBeNull();
  });
});
