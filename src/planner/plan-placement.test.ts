/**
 * plan() with replica placement: creates with explicit assignments, replication-factor changes, mending broken
 * placements, static assignments, decommission, rebalance, the reassignment preview and fingerprint.
 */
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import { fingerprintClusterState } from './fingerprint.js';
import { plan } from './plan-topics.js';
import type { PartitionMove, Plan, PlanAction, ReassignPartitionsAction } from './plan.js';
import { clusterBalanceStats } from './rebalance/index.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';
import { desiredState, topicSpec } from './testing/desired-state.js';

const codes = (issues: Plan['errors']): string[] => issues.map((i) => i.code);
const six = (): ClusterStateBuilder => new ClusterStateBuilder().brokers(6, { racks: ['a', 'b', 'c'] });
const reassign = (p: Plan, topic: string): ReassignPartitionsAction | undefined =>
  p.actions.find((a): a is ReassignPartitionsAction => a.kind === 'reassign-partitions' && a.topic === topic);
const moves = (p: Plan): PartitionMove[] => p.actions.flatMap((a) => (a.kind === 'reassign-partitions' ? [...a.moves] : []));
const rackOf = (id: number): string => ['a', 'b', 'c'][(id - 1) % 3];

/** The cluster after the plan's reassignments. */
function applyMoves(state: ClusterState, p: Plan): ClusterState {
  const topics = { ...state.topics };
  for (const m of moves(p)) {
    const t = topics[m.topic];
    topics[m.topic] = { ...t, partitions: t.partitions.map((part) => (part.partition === m.partition ? { ...part, replicas: [...m.to] } : part)) };
  }
  return { ...state, topics };
}

function stats(state: ClusterState, excluded: number[] = []) {
  return clusterBalanceStats(
    state.brokers.map((b) => ({ id: b.id, rack: b.rack })),
    excluded,
    Object.values(state.topics).map((t) => ({ name: t.name, replicas: t.partitions.map((p) => p.replicas), movablePartitions: 0, rackRule: true })),
  );
}

describe('plan: healthy clusters', () => {
  it('plans zero moves for an unchanged, healthy cluster (also with rebalance when it is balanced)', () => {
    const actual = six().topic('t', { partitions: 6, rf: 3 }).topic('u', { partitions: 6, rf: 3 }).build();
    const desired = desiredState([topicSpec('t', { partitions: 6 }), topicSpec('u', { partitions: 6 })]);
    for (const options of [{}, { rebalance: true }]) {
      const p = plan(desired, actual, options);
      expect(p.actions).toEqual([]);
      expect(p.errors).toEqual([]);
      expect(p.reassignment).toBeUndefined();
    }
  });

  it('mends a topic that breaks its strategy (replicas piled on 3 of 6 brokers) with the fewest moves, once', () => {
    const actual = six().topic('t', { assignment: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }).topic('other', { assignment: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }).build();
    const desired = desiredState([topicSpec('t', { partitions: 3 })]);
    const p = plan(desired, actual);
    expect(p.errors).toEqual([]);
    // Only the YAML's topic: `other` has no strategy of its own to keep.
    expect(p.actions.map((a) => [a.kind, a.topic, a.kind === 'reassign-partitions' ? a.reason : ''])).toEqual([['reassign-partitions', 't', 'placement']]);
    const after = applyMoves(actual, p);
    const replicas = new Map<number, number>();
    const leaders = new Map<number, number>();
    for (const part of after.topics.t.partitions) {
      part.replicas.forEach((id) => replicas.set(id, (replicas.get(id) ?? 0) + 1));
      leaders.set(part.replicas[0], (leaders.get(part.replicas[0]) ?? 0) + 1);
      expect(new Set(part.replicas.map(rackOf)).size).toBe(3);
    }
    // 9 replicas over 6 brokers: 1 or 2 each, so brokers 1–3 give one each (3 moves); one leader per partition's broker.
    expect([...replicas.values()].sort()).toEqual([1, 1, 1, 2, 2, 2]);
    expect(Math.max(...leaders.values())).toBe(1);
    expect(moves(p).flatMap((m) => m.to.filter((id) => !m.from.includes(id)))).toHaveLength(3);
    // The mended topic is a fixed point: planning again changes nothing.
    expect(plan(desired, after).actions).toEqual([]);
  });

  it('mends in one plan when the rack rule pins a broker above its share', () => {
    // Brokers 1 (a), 2 (b), 3 (a): every partition of a rack-aware RF 2 topic needs broker 2, which holds all 5 of
    // its replicas; the other 5 go 3/2 over brokers 1 and 3 (a single balancer round left 4/1, and the next plan moved again).
    const actual = new ClusterStateBuilder().broker(1, 'a').broker(2, 'b').broker(3, 'a').topic('t', { assignment: [[1, 2], [2, 1], [1, 2], [2, 1], [1, 2]] }).build();
    const desired = desiredState([topicSpec('t', { partitions: 5, replicationFactor: 2, placement: 'rack-aware' })]);
    const p = plan(desired, actual);
    const after = applyMoves(actual, p);
    const onBroker = (id: number): number => after.topics.t.partitions.filter((part) => part.replicas.includes(id)).length;
    expect([onBroker(1), onBroker(2), onBroker(3)].sort()).toEqual([2, 3, 5]);
    expect(plan(desired, after).actions).toEqual([]);
  });

  it('leaves a static topic where its YAML puts it, balanced or not', () => {
    const actual = six().topic('t', { assignment: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }).build();
    const spec = topicSpec('t', { partitions: 3, placement: 'static', replicaAssignment: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] });
    expect(plan(desiredState([spec]), actual).actions).toEqual([]);
  });
});

describe('plan: create with placement', () => {
  it('places replicas on the topic\'s brokers only', () => {
    const p = plan(desiredState([topicSpec('t', { partitions: 4, replicationFactor: 2, brokers: [2, 3, 5, 6] })]), six().build());
    const create = p.actions[0];
    expect(create.kind === 'create-topic' && create.replicaAssignment).toBeTruthy();
    if (create.kind !== 'create-topic') return;
    for (const list of create.replicaAssignment!) {
      expect(list).toHaveLength(2);
      for (const id of list) expect([2, 3, 5, 6]).toContain(id);
      expect(new Set(list.map(rackOf)).size).toBe(2);
    }
  });

  it('uses the YAML assignment for static placement', () => {
    const p = plan(desiredState([topicSpec('t', { partitions: 2, replicationFactor: 2, placement: 'static', replicaAssignment: [[6, 1], [1, 6]] })]), six().build());
    expect(p.actions).toEqual([{ kind: 'create-topic', topic: 't', partitions: 2, replicationFactor: 2, configs: {}, replicaAssignment: [[6, 1], [1, 6]] }]);
  });

  it('refuses rack-aware placement when only some brokers have a rack (Kafka\'s message)', () => {
    const actual = new ClusterStateBuilder().broker(1, 'a').broker(2, 'b').broker(3, null).build();
    const p = plan(desiredState([topicSpec('t', { replicationFactor: 2, placement: 'rack-aware' })]), actual);
    expect(p.errors).toEqual([
      { code: 'placement-impossible', topic: 't', message: 'Not all brokers have rack information for replica rack aware assignment.' },
    ]);
  });

  it('counts only the topic\'s brokers for the replication-factor limit', () => {
    const p = plan(desiredState([topicSpec('t', { replicationFactor: 3, brokers: [1, 2] })]), six().build());
    expect(p.errors.map((e) => e.message)).toEqual(['Replication factor: 3 larger than available brokers: 2.']);
  });

  it('uses the project default placement, and balanced when brokers have no racks', () => {
    const noRacks = new ClusterStateBuilder().brokers(3).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 3, replicationFactor: 2 })]), noRacks);
    expect(p.actions[0]).toMatchObject({ replicaAssignment: [[1, 2], [2, 3], [3, 1]] });
    // Racks a,a,b,b,c,c: the racked default (rack-aware) never puts two replicas in one rack; the project default
    // `balanced` ignores racks and does.
    const racked = new ClusterStateBuilder().brokers(6, { racks: ['a', 'a', 'b', 'b', 'c', 'c'] }).build();
    const rackOfBroker = (id: number): string => ['a', 'a', 'b', 'b', 'c', 'c'][id - 1];
    const sameRack = (lists: readonly (readonly number[])[]): number => lists.filter((l) => rackOfBroker(l[0]) === rackOfBroker(l[1])).length;
    const assignment = (pl: Plan) => (pl.actions[0].kind === 'create-topic' ? (pl.actions[0].replicaAssignment ?? []) : []);
    const byDefault = plan(desiredState([topicSpec('t', { partitions: 6, replicationFactor: 2 })]), racked);
    const balanced = plan(desiredState([topicSpec('t', { partitions: 6, replicationFactor: 2 })], { defaultPlacement: 'balanced' }), racked);
    expect(byDefault.errors).toEqual([]);
    expect(balanced.errors).toEqual([]);
    expect(sameRack(assignment(byDefault))).toBe(0);
    expect(sameRack(assignment(balanced))).toBeGreaterThan(0);
  });
});

describe('plan: replication factor changes', () => {
  it('adds replicas in new racks, keeping every current replica in its slot', () => {
    const actual = six().topic('t', { assignment: [[1, 2], [2, 3], [3, 4]] }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 3, replicationFactor: 3 })]), actual);
    const action = reassign(p, 't')!;
    expect(action.reason).toBe('replication-factor');
    action.moves.forEach((m) => {
      expect(m.to.slice(0, 2)).toEqual(m.from);
      expect(m.to).toHaveLength(3);
      expect(new Set(m.to.map(rackOf)).size).toBe(3);
    });
    expect(p.errors).toEqual([]);
  });

  it('removes replicas from excluded brokers first on a decrease', () => {
    const actual = six().topic('t', { assignment: [[1, 2, 3], [4, 5, 6]] }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 2, replicationFactor: 2 })]), actual, { excludedBrokers: [2] });
    expect(reassign(p, 't')!.moves.map((m) => m.to)).toEqual([[1, 3], [4, 5]]);
  });

  it('refuses a replication factor below min.insync.replicas, wherever that comes from', () => {
    const actual = six()
      .topic('t', { partitions: 1, rf: 3, configs: { 'min.insync.replicas': { value: '3', source: 'STATIC_BROKER_CONFIG' } } })
      .build();
    const p = plan(desiredState([topicSpec('t', { partitions: 1, replicationFactor: 2 })]), actual);
    expect(codes(p.errors)).toEqual(['replication-factor-below-min-insync']);
    expect(p.errors[0].message).toBe(
      'replication factor 2 is below min.insync.replicas 3 (STATIC_BROKER_CONFIG): every acks=all write would fail with NOT_ENOUGH_REPLICAS',
    );
  });

  it('refuses an RF above the eligible brokers of an existing topic', () => {
    const actual = six().topic('t', { assignment: [[1, 2]] }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 1, replicationFactor: 3, brokers: [1, 2] })]), actual);
    expect(codes(p.errors)).toEqual(['replication-factor-too-high']);
    expect(reassign(p, 't')).toBeUndefined();
  });

  it('gives added partitions the new replication factor, and reassigns before adding', () => {
    const actual = six().topic('t', { assignment: [[1, 2], [2, 3]] }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 4, replicationFactor: 3 })]), actual);
    expect(p.actions.map((a) => a.kind)).toEqual(['reassign-partitions', 'add-partitions']);
    const add = p.actions[1] as Extract<PlanAction, { kind: 'add-partitions' }>;
    expect(add.replicaAssignment!.map((l) => l.length)).toEqual([3, 3]);
    for (const list of add.replicaAssignment!) expect(new Set(list.map(rackOf)).size).toBe(3);
  });
});

describe('plan: mending a placement that breaks its strategy', () => {
  it('moves only the replicas outside the topic\'s brokers', () => {
    const actual = six().topic('t', { assignment: [[1, 2], [5, 3], [6, 1]] }).build();
    const p = plan(desiredState([topicSpec('t', { partitions: 3, replicationFactor: 2, brokers: [1, 2, 3, 4] })]), actual);
    const action = reassign(p, 't')!;
    expect(action.reason).toBe('placement');
    expect(action.moves.map((m) => [m.partition, m.from, m.to])).toEqual([
      [1, [5, 3], [4, 3]],
      [2, [6, 1], [2, 1]],
    ]);
  });

  it('replaces the later replica sharing a rack, and nothing else', () => {
    const actual = six().topic('t', { assignment: [[1, 4], [2, 3]] }).build(); // 1 and 4 are both in rack a
    const p = plan(desiredState([topicSpec('t', { partitions: 2, replicationFactor: 2 })]), actual);
    const action = reassign(p, 't')!;
    expect(action.moves).toHaveLength(1);
    expect(action.moves[0].from).toEqual([1, 4]);
    expect(action.moves[0].to[0]).toBe(1);
    expect(rackOf(action.moves[0].to[1])).not.toBe('a');
  });

  it('ignores the rack rule for placement balanced', () => {
    const actual = six().topic('t', { assignment: [[1, 4]] }).build();
    expect(plan(desiredState([topicSpec('t', { partitions: 1, replicationFactor: 2, placement: 'balanced' })]), actual).actions).toEqual([]);
  });

  it('moves a static topic to the YAML lists, and only the partitions that differ', () => {
    const actual = six().topic('t', { assignment: [[1, 2], [4, 3], [5, 6]] }).build();
    const spec = topicSpec('t', { partitions: 3, replicationFactor: 2, placement: 'static', replicaAssignment: [[1, 2], [3, 4], [5, 6]] });
    const p = plan(desiredState([spec]), actual);
    expect(reassign(p, 't')).toEqual({
      kind: 'reassign-partitions',
      topic: 't',
      reason: 'placement',
      moves: [{ topic: 't', partition: 1, from: [4, 3], to: [3, 4], sizeBytes: 0 }],
    });
  });
});

describe('plan: decommission and rebalance', () => {
  const actual = (): ClusterState =>
    six()
      .topic('t', { partitions: 6, rf: 3, sizeBytes: 1000 })
      .topic('u', { partitions: 6, rf: 3, sizeBytes: 10 })
      .topic('__consumer_offsets', { assignment: [[6, 1, 2]], internal: true })
      .build();
  const desired = desiredState([topicSpec('t', { partitions: 6 })]);

  it('empties excluded brokers (managed and unmanaged topics), warns about protected topics left on them', () => {
    const before = actual();
    const p = plan(desired, before, { excludedBrokers: [6] });
    expect(p.actions.map((a) => [a.topic, a.kind, a.kind === 'reassign-partitions' ? a.reason : ''])).toEqual([
      ['t', 'reassign-partitions', 'decommission'],
      ['u', 'reassign-partitions', 'decommission'],
    ]);
    for (const m of moves(p)) {
      expect(m.to).not.toContain(6);
      expect(m.to.filter((id) => !m.from.includes(id))).toHaveLength(1); // one replica moved per partition
      expect(new Set(m.to.map(rackOf)).size).toBe(3);
    }
    expect(codes(p.warnings)).toEqual(['decommission-incomplete']);
    expect(p.warnings[0].message).toContain('__consumer_offsets');
    const after = stats(applyMoves(before, p), [6]);
    expect(after.onExcluded).toBe(1); // __consumer_offsets' replica stays
  });

  it('counts a protected topic named in the YAML in the balance, without moving it', () => {
    const before: ClusterState = {
      ...six().topic('__consumer_offsets', { assignment: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }).topic('t', { assignment: [[4, 5, 6], [4, 5, 6]] }).build(),
    };
    const p = plan(desiredState([topicSpec('__consumer_offsets', { partitions: 3 }), topicSpec('t', { partitions: 2 })]), before, { rebalance: true });
    expect(codes(p.errors)).toEqual(['protected-topic']);
    // replicas: 9 fixed on brokers 1–3, 6 on 4–6 — balanced already; t's two preferred leaders on 4 are spread
    // by reordering only
    expect(moves(p).map((m) => m.topic)).toEqual(['t']);
    for (const m of moves(p)) expect([...m.to].sort()).toEqual([...m.from].sort());
  });

  it('warns about an excluded broker the cluster does not have', () => {
    const p = plan(desired, actual(), { excludedBrokers: [42] });
    expect(codes(p.warnings)).toEqual(['unknown-excluded-broker']);
    expect(p.actions).toEqual([]);
  });

  it('rebalances onto added brokers within ±1, with moves = the lower bound', () => {
    const before: ClusterState = { ...actual(), brokers: [...actual().brokers, { id: 7, rack: 'a' }, { id: 8, rack: 'b' }, { id: 9, rack: 'c' }] };
    const p = plan(desired, before, { rebalance: true });
    expect(p.errors).toEqual([]);
    const after = stats(applyMoves(before, p));
    expect(after.replicaSpread).toBeLessThanOrEqual(1);
    expect(after.leaderSpread).toBeLessThanOrEqual(1);
    expect(after.rackViolations).toBe(0);
    // 39 replicas over 9 brokers: brokers 1–6 hold 6 or 7 (sum 39), targets 5/4 → lower bound 39 − 4·3 − 5·3 … computed:
    const counts = new Map<number, number>();
    for (const t of Object.values(before.topics)) for (const part of t.partitions) for (const id of part.replicas) counts.set(id, (counts.get(id) ?? 0) + 1);
    const sorted = [...counts.values()].sort((a, b) => b - a);
    const bound = sorted.reduce((sum, c, i) => sum + Math.max(0, c - (i < 39 % 9 ? 5 : 4)), 0);
    const moved = moves(p).reduce((sum, m) => sum + m.to.filter((id) => !m.from.includes(id)).length, 0);
    expect(moved).toBe(bound);
    expect(p.actions.every((a) => a.kind !== 'reassign-partitions' || a.topic !== '__consumer_offsets')).toBe(true);
  });

  it('moves the smaller partitions when there is a choice', () => {
    const before: ClusterState = { ...actual(), brokers: [...actual().brokers, { id: 7, rack: 'a' }] };
    const p = plan(desired, before, { rebalance: true });
    const copied = moves(p).filter((m) => m.to.some((id) => !m.from.includes(id)));
    expect(copied.length).toBeGreaterThan(0);
    expect(copied.every((m) => m.topic === 'u')).toBe(true); // u's partitions are 10 bytes, t's 1000
  });

  it('puts the reassignment preview in the plan, with the builder\'s budget warning', () => {
    const p = plan(desired, actual(), { excludedBrokers: [6], throttleBytesPerSec: 1000, budgetBytes: 100 });
    expect(p.reassignment?.summary.partitionMoves).toBe(moves(p).length);
    expect(p.reassignment?.summary.etaSeconds).toBeGreaterThan(0);
    expect(codes(p.warnings)).toContain('reassignment-over-budget');
  });

  it('never moves onto an offline broker, nor a partition with a replica on one (it could not complete)', () => {
    const base = actual();
    const before: ClusterState = { ...base, brokers: base.brokers.map((b) => (b.id === 5 ? { ...b, online: false } : b)) };
    const p = plan(desired, before, { excludedBrokers: [6], rebalance: true });
    expect(moves(p).length).toBeGreaterThan(0);
    for (const m of moves(p)) expect(m.to).not.toContain(5);
    expect(codes(p.errors)).toEqual([]);
    expect(codes(p.warnings)).toContain('decommission-incomplete'); // t/u partitions on 5 and 6 stay
  });

  it('refuses a static create on an offline broker', () => {
    const base = six().build();
    const before: ClusterState = { ...base, brokers: base.brokers.map((b) => (b.id === 2 ? { ...b, online: false } : b)) };
    const spec = topicSpec('s', { partitions: 1, replicationFactor: 2, placement: 'static', replicaAssignment: [[1, 2]] });
    expect(codes(plan(desiredState([spec]), before).errors)).toEqual(['move-to-offline-broker']);
  });

  it('with strict, warnings are errors', () => {
    const p = plan(desired, actual(), { excludedBrokers: [6], strict: true });
    expect(p.warnings).toEqual([]);
    expect(codes(p.errors)).toEqual(['decommission-incomplete']);
  });

  it('is deterministic and independent of broker and topic order', () => {
    const before = actual();
    const shuffled: ClusterState = {
      ...before,
      brokers: [...before.brokers].reverse(),
      topics: Object.fromEntries(Object.entries(before.topics).reverse()),
    };
    const options = { excludedBrokers: [6], rebalance: true };
    const reference = plan(desired, before, options);
    expect(plan(desired, shuffled, options)).toEqual(reference);
    expect(plan(desired, before, options)).toEqual(reference);
  });
});

describe('plan: fingerprint', () => {
  it('carries the fingerprint of the cluster it was planned against', () => {
    const state = six().topic('t').build();
    expect(plan(desiredState([]), state).clusterFingerprint).toBe(fingerprintClusterState(state));
  });
});
