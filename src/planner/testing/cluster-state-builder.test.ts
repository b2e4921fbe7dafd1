import { describe, expect, it } from 'vitest';
import { replicationFactorOf } from '../../model/cluster-state.js';
import { ClusterStateBuilder } from './cluster-state-builder.js';

describe('ClusterStateBuilder', () => {
  it('builds brokers with racks round-robin and topics with round-robin replicas', () => {
    const state = new ClusterStateBuilder()
      .brokers(4, { racks: ['a', 'b'] })
      .topic('t', { partitions: 3, rf: 2, configs: { 'retention.ms': '1000' } })
      .build();
    expect(state.brokers.map((b) => [b.id, b.rack])).toEqual([[1, 'a'], [2, 'b'], [3, 'a'], [4, 'b']]);
    const t = state.topics.t;
    expect(t.partitions.map((p) => p.replicas)).toEqual([[1, 2], [2, 3], [3, 4]]);
    expect(t.partitions.map((p) => p.leader)).toEqual([1, 2, 3]);
    expect(replicationFactorOf(t)).toBe(2);
    expect(t.configs['retention.ms']).toEqual({ value: '1000', source: 'DYNAMIC_TOPIC_CONFIG' });
    expect(t.configs['cleanup.policy']).toEqual({ value: 'delete', source: 'DEFAULT_CONFIG' });
  });

  it('takes explicit assignments, rack counts and full config entries', () => {
    const state = new ClusterStateBuilder()
      .brokers(3, { racks: 2, firstId: 0 })
      .topic('x', { assignment: [[2, 0], [0, 1]], defaults: false, configs: { 'min.insync.replicas': { value: '2', source: 'STATIC_BROKER_CONFIG' } } })
      .build();
    expect(state.brokers.map((b) => b.rack)).toEqual(['rack-0', 'rack-1', 'rack-0']);
    expect(state.topics.x.partitions.map((p) => p.replicas)).toEqual([[2, 0], [0, 1]]);
    expect(state.topics.x.configs).toEqual({ 'min.insync.replicas': { value: '2', source: 'STATIC_BROKER_CONFIG' } });
  });

  it('refuses a broker id twice', () => {
    expect(() => new ClusterStateBuilder().brokers(2).broker(1)).toThrow('broker 1 defined twice');
  });
});
