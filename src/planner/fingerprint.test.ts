import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import { fingerprintClusterState } from './fingerprint.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';

const base = (): ClusterState =>
  new ClusterStateBuilder()
    .brokers(3, { racks: ['a', 'b', 'c'] })
    .topic('t', { partitions: 3, rf: 2, configs: { 'retention.ms': '1000' }, sizeBytes: 5 })
    .topic('u', { partitions: 1, rf: 3 })
    .build();

function withPartition(state: ClusterState, change: (p: ClusterState['topics'][string]['partitions'][number]) => object): ClusterState {
  const t = state.topics.t;
  return { ...state, topics: { ...state.topics, t: { ...t, partitions: t.partitions.map((p, i) => (i === 0 ? { ...p, ...change(p) } : p)) } } };
}

describe('fingerprintClusterState', () => {
  it('is a 64-character hex SHA-256, stable for the same state', () => {
    const fp = fingerprintClusterState(base());
    expect(fp).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprintClusterState(base())).toBe(fp);
  });

  it('does not depend on the order of brokers, topics, partitions or configs', () => {
    const state = base();
    const shuffled: ClusterState = {
      ...state,
      brokers: [...state.brokers].reverse(),
      topics: Object.fromEntries(
        Object.entries(state.topics)
          .reverse()
          .map(([k, t]) => [k, { ...t, partitions: [...t.partitions].reverse(), configs: Object.fromEntries(Object.entries(t.configs).reverse()) }]),
      ),
    };
    expect(fingerprintClusterState(shuffled)).toBe(fingerprintClusterState(state));
  });

  it.each([
    ['a replica list', (s: ClusterState) => withPartition(s, () => ({ replicas: [3, 1] }))],
    ['replica order (preferred leader)', (s: ClusterState) => withPartition(s, (p) => ({ replicas: [...p.replicas].reverse() }))],
    ['a dynamic override', (s: ClusterState) => ({ ...s, topics: { ...s.topics, t: { ...s.topics.t, configs: { ...s.topics.t.configs, 'retention.ms': { value: '2000', source: 'DYNAMIC_TOPIC_CONFIG' as const } } } } })],
    ['a config source', (s: ClusterState) => ({ ...s, topics: { ...s.topics, t: { ...s.topics.t, configs: { ...s.topics.t.configs, 'segment.ms': { value: '604800000', source: 'DYNAMIC_TOPIC_CONFIG' as const } } } } })],
    ['a broker rack', (s: ClusterState) => ({ ...s, brokers: s.brokers.map((b) => (b.id === 1 ? { ...b, rack: 'z' } : b)) })],
    ['a broker going offline', (s: ClusterState) => ({ ...s, brokers: s.brokers.map((b) => (b.id === 1 ? { ...b, online: false } : b)) })],
    ['a new broker', (s: ClusterState) => ({ ...s, brokers: [...s.brokers, { id: 4, rack: 'a' }] })],
    ['a deleted topic', (s: ClusterState) => ({ ...s, topics: { t: s.topics.t } })],
    ['keyed', (s: ClusterState) => ({ ...s, topics: { ...s.topics, t: { ...s.topics.t, keyed: true } } })],
  ])('changes with %s', (_label, change) => {
    expect(fingerprintClusterState(change(base()))).not.toBe(fingerprintClusterState(base()));
  });

  it.each([
    ['leaders and ISRs', (s: ClusterState) => withPartition(s, (p) => ({ leader: p.replicas[1], isr: [p.replicas[1]] }))],
    ['partition sizes', (s: ClusterState) => withPartition(s, () => ({ sizeBytes: 99 }))],
    ['hosts and ports', (s: ClusterState) => ({ ...s, brokers: s.brokers.map((b) => ({ ...b, host: 'elsewhere', port: 1 })) })],
    ['Kafka built-in defaults (DEFAULT_CONFIG)', (s: ClusterState) => ({ ...s, topics: { ...s.topics, u: { ...s.topics.u, configs: {} } } })],
  ])('ignores %s', (_label, change) => {
    expect(fingerprintClusterState(change(base()))).toBe(fingerprintClusterState(base()));
  });
});
