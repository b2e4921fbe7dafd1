import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import type { PlanAction } from './plan.js';
import { plan } from './plan-topics.js';
import { checkPlanSafety, clusterDefault } from './safety.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';
import { desiredState, topicSpec } from './testing/desired-state.js';

const cluster = (): ClusterStateBuilder => new ClusterStateBuilder().brokers(3, { racks: ['a', 'b', 'c'] });

function check(actions: PlanAction[], actual: ClusterState, desired: TopicSpec[] = [], protectedNames: string[] = []) {
  const result = checkPlanSafety({
    actions,
    actual,
    desired: new Map(desired.map((s) => [s.name, s])),
    isProtected: (name, t) => t?.internal === true || protectedNames.includes(name),
  });
  return { errors: result.errors.map((e) => [e.code, e.topic, e.message]), warnings: result.warnings.map((w) => [w.code, w.topic, w.message]) };
}

describe('checkPlanSafety', () => {
  it('refuses any action on a protected topic', () => {
    const actual = cluster().topic('__consumer_offsets', { internal: true }).topic('keep').build();
    const { errors } = check(
      [
        { kind: 'delete-topic', topic: '__consumer_offsets', partitions: 1 },
        { kind: 'delete-topic', topic: 'keep', partitions: 1 },
      ],
      actual,
      [],
      ['keep'],
    );
    expect(errors.map((e) => [e[0], e[1]])).toEqual([
      ['protected-topic', '__consumer_offsets'],
      ['protected-topic', 'keep'],
    ]);
  });

  it.each([
    {
      name: 'a create whose RF is below the broker-level min.insync.replicas',
      actual: () => cluster().topic('other', { configs: { 'min.insync.replicas': { value: '3', source: 'STATIC_BROKER_CONFIG' } } }).build(),
      actions: [{ kind: 'create-topic', topic: 'n', partitions: 1, replicationFactor: 2, configs: {} }] as PlanAction[],
      message: 'replication factor 2 is below min.insync.replicas 3 (STATIC_BROKER_CONFIG): every acks=all write would fail with NOT_ENOUGH_REPLICAS',
    },
    {
      name: 'a create that sets min.insync.replicas above its RF',
      actual: () => cluster().build(),
      actions: [{ kind: 'create-topic', topic: 'n', partitions: 1, replicationFactor: 2, configs: { 'min.insync.replicas': '3' } }] as PlanAction[],
      message: 'replication factor 2 is below min.insync.replicas 3: every acks=all write would fail with NOT_ENOUGH_REPLICAS',
    },
    {
      name: 'raising min.insync.replicas above the RF of an existing topic',
      actual: () => cluster().topic('t', { rf: 2 }).build(),
      actions: [{ kind: 'update-configs', topic: 't', changes: [{ name: 'min.insync.replicas', from: '1', to: '3' }] }] as PlanAction[],
      message: 'replication factor 2 is below min.insync.replicas 3: every acks=all write would fail with NOT_ENOUGH_REPLICAS',
    },
  ])('errors on $name', ({ actual, actions, message }) => {
    const { errors } = check(actions, actual());
    expect(errors).toEqual([['replication-factor-below-min-insync', actions[0].topic, message]]);
  });

  it('accepts an RF equal to min.insync.replicas, and topics whose RF and min ISR the plan leaves alone', () => {
    const actual = cluster().topic('t', { rf: 1, configs: { 'min.insync.replicas': '2' } }).build();
    expect(check([{ kind: 'create-topic', topic: 'n', partitions: 1, replicationFactor: 2, configs: { 'min.insync.replicas': '2' } }], actual).errors).toEqual([]);
    expect(check([{ kind: 'add-partitions', topic: 't', from: 1, to: 2 }], actual).errors).toEqual([]);
  });

  it('errors on a new partition placed on an offline broker', () => {
    const base = cluster().topic('t').build();
    const actual: ClusterState = { ...base, brokers: base.brokers.map((b) => (b.id === 3 ? { ...b, online: false } : b)) };
    const { errors } = check([{ kind: 'add-partitions', topic: 't', from: 1, to: 2, replicaAssignment: [[3, 1, 2]] }], actual);
    expect(errors).toEqual([['move-to-offline-broker', 't', "the new partitions' replicas include offline broker(s) 3"]]);
  });

  it.each([
    { name: 'known keyed data', keyed: true, policy: 'delete', warns: true },
    { name: 'a compacted topic (keyed unknown)', keyed: undefined, policy: 'compact', warns: true },
    { name: 'a compacted topic the reconciler knows is not keyed', keyed: false, policy: 'compact', warns: false },
    { name: 'an unkeyed delete topic', keyed: undefined, policy: 'delete', warns: false },
  ])('warns about adding partitions to $name: $warns', ({ keyed, policy, warns }) => {
    const base = cluster().topic('t', { configs: { 'cleanup.policy': policy } }).build();
    const actual: ClusterState = { ...base, topics: { t: { ...base.topics.t, ...(keyed !== undefined ? { keyed } : {}) } } };
    const { warnings } = check([{ kind: 'add-partitions', topic: 't', from: 1, to: 4 }], actual);
    expect(warnings.map((w) => w[0])).toEqual(warns ? ['keyed-partition-increase'] : []);
  });

  it('treats a topic the YAML makes compacted as keyed', () => {
    const actual = cluster().topic('t').build();
    const spec = topicSpec('t', { partitions: 4, config: { 'cleanup.policy': 'compact' } });
    expect(check([{ kind: 'add-partitions', topic: 't', from: 1, to: 4 }], actual, [spec]).warnings.map((w) => w[0])).toEqual(['keyed-partition-increase']);
  });

  it.each([
    { from: 'compact', to: 'delete' as string | null, warns: true },
    { from: 'compact', to: null, warns: true }, // back to the default: delete
    { from: 'compact,delete', to: 'delete', warns: true },
    { from: 'compact', to: 'compact,delete', warns: false },
    { from: 'delete', to: 'compact', warns: false },
  ])('cleanup.policy $from → $to warns: $warns', ({ from, to, warns }) => {
    const actual = cluster().topic('t', { configs: { 'cleanup.policy': from } }).build();
    const change = to === null ? { name: 'cleanup.policy', from, to, defaultValue: 'delete' } : { name: 'cleanup.policy', from, to };
    const { warnings } = check([{ kind: 'update-configs', topic: 't', changes: [change] }], actual);
    expect(warnings.map((w) => w[0])).toEqual(warns ? ['compact-to-delete'] : []);
  });

  it('finds the broker-level default of a config from any topic, most specific source first', () => {
    const actual = cluster()
      .topic('a', { configs: { 'min.insync.replicas': { value: '2', source: 'STATIC_BROKER_CONFIG' } } })
      .topic('b', { configs: { 'min.insync.replicas': { value: '3', source: 'DYNAMIC_DEFAULT_BROKER_CONFIG' } } })
      .build();
    expect(clusterDefault(actual, 'min.insync.replicas')).toEqual({ value: '3', origin: 'DYNAMIC_DEFAULT_BROKER_CONFIG' });
    expect(clusterDefault(cluster().build(), 'min.insync.replicas')).toEqual({ value: '1', origin: "Kafka's default" });
  });

  it('is wired into plan()', () => {
    const actual = cluster().topic('t', { partitions: 2, configs: { 'cleanup.policy': 'compact' } }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 3, config: { 'cleanup.policy': 'delete' } })]), actual);
    expect(p.warnings.map((w) => w.code)).toEqual(['compact-to-delete']); // the YAML makes it a delete topic: not keyed
  });
});
