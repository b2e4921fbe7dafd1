import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import type { DesiredState } from '../model/desired-state.js';
import { plan } from './plan-topics.js';
import type { ConfigChange, Plan } from './plan.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';
import { desiredState, topicSpec } from './testing/desired-state.js';

const cluster = (): ClusterStateBuilder => new ClusterStateBuilder().brokers(3, { racks: ['a', 'b', 'c'] });
const codes = (issues: Plan['errors']): string[] => issues.map((i) => i.code);

describe('plan: create', () => {
  it('creates a missing topic with all YAML configs, sorted', () => {
    const desired = desiredState([
      topicSpec('orders.v1', { partitions: 12, replicationFactor: 3, config: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } }),
    ]);
    const p = plan(desired, cluster().build());
    const rotation = [[1, 2, 3], [2, 3, 1], [3, 1, 2]];
    expect(p.actions).toEqual([
      {
        kind: 'create-topic',
        topic: 'orders.v1',
        partitions: 12,
        replicationFactor: 3,
        configs: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' },
        // placed by the default strategy (rack-aware: every broker has a rack)
        replicaAssignment: [...rotation, ...rotation, ...rotation, ...rotation],
      },
    ]);
    expect(Object.keys((p.actions[0] as { configs: object }).configs)).toEqual(['cleanup.policy', 'retention.ms']);
    expect(p.errors).toEqual([]);
    expect(p.summary).toEqual({ create: 1, update: 0, delete: 0 });
    expect(p.formatVersion).toBe(1);
  });

  it('passes a static replicaAssignment through', () => {
    const desired = desiredState([
      topicSpec('t', { partitions: 2, replicationFactor: 2, placement: 'static', replicaAssignment: [[1, 2], [2, 3]] }),
    ]);
    const p = plan(desired, cluster().build());
    expect(p.actions).toEqual([
      { kind: 'create-topic', topic: 't', partitions: 2, replicationFactor: 2, configs: {}, replicaAssignment: [[1, 2], [2, 3]] },
    ]);
    expect(p.errors).toEqual([]);
  });

  it.each([
    ['wrong partition count', [[1, 2]], 'lists 1 partitions but the topic has 2'],
    ['wrong replica count', [[1, 2], [3]], 'partition 1 has 1 replicas but the replication factor is 2'],
    ['duplicate broker', [[1, 1], [2, 3]], 'partition 0 lists a broker more than once'],
    ['unknown broker', [[1, 2], [2, 9]], 'partition 1 uses brokers that are not in the cluster: 9'],
  ])('rejects a static replicaAssignment with %s', (_label, assignment, message) => {
    const desired = desiredState([topicSpec('t', { partitions: 2, replicationFactor: 2, replicaAssignment: assignment })]);
    const p = plan(desired, cluster().build());
    expect(codes(p.errors)).toContain('invalid-replica-assignment');
    expect(p.errors.map((e) => e.message).join('\n')).toContain(message);
  });

  it('errors when RF is larger than the broker count, with Kafka\'s message', () => {
    const p = plan(desiredState([topicSpec('t', { replicationFactor: 4 })]), cluster().build());
    expect(p.errors).toEqual([
      { code: 'replication-factor-too-high', topic: 't', message: 'Replication factor: 4 larger than available brokers: 3.' },
    ]);
    expect(p.actions).toHaveLength(1); // still shown
  });
});

describe('plan: configs of an existing topic', () => {
  const base = (configs: Record<string, string>, overrides: Record<string, string> = {}, ignoredConfigs: string[] = []) =>
    plan(
      desiredState([topicSpec('t', { partitions: 3, replicationFactor: 3, config: configs })], { ignoredConfigs }),
      cluster().topic('t', { partitions: 3, rf: 3, configs: overrides }).build(),
    );

  interface ConfigCase {
    name: string;
    desired: Record<string, string>;
    actual: Record<string, string>;
    changes: ConfigChange[];
  }
  it.each<ConfigCase>([
    {
      name: 'sets a config that is at its default (even when equal to the default)',
      desired: { 'retention.ms': '604800000' },
      actual: {},
      changes: [{ name: 'retention.ms', from: '604800000', to: '604800000' }],
    },
    {
      name: 'changes an override with a different value',
      desired: { 'retention.ms': '259200000' },
      actual: { 'retention.ms': '604800000' },
      changes: [{ name: 'retention.ms', from: '604800000', to: '259200000' }],
    },
    {
      name: 'removes an override the YAML omits, with the catalogue default',
      desired: {},
      actual: { 'retention.ms': '86400000' },
      changes: [{ name: 'retention.ms', from: '86400000', to: null, defaultValue: '604800000' }],
    },
    {
      name: 'removes an unknown override with a null default',
      desired: {},
      actual: { 'x.custom': 'v' },
      changes: [{ name: 'x.custom', from: 'v', to: null, defaultValue: null }],
    },
    {
      name: 'keeps the throttle lists (owned by reassignments)',
      desired: {},
      actual: { 'leader.replication.throttled.replicas': '0:1', 'follower.replication.throttled.replicas': '0:2' },
      changes: [],
    },
    { name: 'no-op when equal', desired: { 'retention.ms': '604800000' }, actual: { 'retention.ms': '604800000' }, changes: [] },
    {
      name: 'no-op when equal after normalisation (list order)',
      desired: { 'cleanup.policy': 'delete,compact' },
      actual: { 'cleanup.policy': 'compact,delete' },
      changes: [],
    },
    {
      name: 'no-op when equal after normalisation (numbers, booleans, doubles, spaces)',
      desired: { 'retention.ms': '604800000', 'preallocate': 'true', 'min.cleanable.dirty.ratio': '0.5', 'segment.bytes': ' 1073741824' },
      actual: { 'retention.ms': '0604800000', 'preallocate': 'TRUE', 'min.cleanable.dirty.ratio': '0.50', 'segment.bytes': '1073741824' },
      changes: [],
    },
    {
      name: 'sorts changes by config name across sets and removals',
      desired: { 'segment.ms': '1000', 'cleanup.policy': 'compact' },
      actual: { 'retention.ms': '1', 'segment.ms': '2000' },
      changes: [
        { name: 'cleanup.policy', from: 'delete', to: 'compact' },
        { name: 'retention.ms', from: '1', to: null, defaultValue: '604800000' },
        { name: 'segment.ms', from: '2000', to: '1000' },
      ],
    },
  ])('$name', ({ desired, actual, changes }) => {
    const p = base(desired, actual);
    if (changes.length === 0) {
      expect(p.actions).toEqual([]);
    } else {
      expect(p.actions).toEqual([{ kind: 'update-configs', topic: 't', changes }]);
      expect(p.summary).toEqual({ create: 0, update: 1, delete: 0 });
    }
    expect(p.errors).toEqual([]);
  });

  it('sets a config whose value comes from a broker-level source, even when equal', () => {
    const p = plan(
      desiredState([topicSpec('t', { replicationFactor: 3, config: { 'min.insync.replicas': '2' } })]),
      cluster().topic('t', { rf: 3, configs: { 'min.insync.replicas': { value: '2', source: 'STATIC_BROKER_CONFIG' } } }).build(),
    );
    expect(p.actions).toEqual([{ kind: 'update-configs', topic: 't', changes: [{ name: 'min.insync.replicas', from: '2', to: '2' }] }]);
  });

  it('sets a config the cluster did not report at all (from null)', () => {
    const p = plan(
      desiredState([topicSpec('t', { replicationFactor: 3, config: { 'retention.ms': '1000' } })]),
      cluster().topic('t', { rf: 3, defaults: false }).build(),
    );
    expect(p.actions).toEqual([{ kind: 'update-configs', topic: 't', changes: [{ name: 'retention.ms', from: null, to: '1000' }] }]);
  });

  it('removes an omitted override only if topicops set it (its ownership record)', () => {
    const actual = cluster()
      .topic('t', { partitions: 3, configs: { 'retention.ms': '1', 'segment.ms': '2', 'max.message.bytes': '3' }, managed: ['retention.ms', 'max.message.bytes'] })
      .build();
    const p = plan(desiredState([topicSpec('t', { partitions: 3, config: { 'max.message.bytes': '4' } })]), actual);
    // retention.ms: set by topicops, now omitted → back to the default. segment.ms: set by someone else → kept.
    expect(p.actions).toEqual([
      {
        kind: 'update-configs',
        topic: 't',
        changes: [
          { name: 'max.message.bytes', from: '3', to: '4' },
          { name: 'retention.ms', from: '1', to: null, defaultValue: '604800000' },
        ],
      },
    ]);
    // Without any ownership record, no override is topicops': nothing is removed.
    const unrecorded = cluster().topic('t', { partitions: 3, configs: { 'retention.ms': '1' }, managed: [] }).build();
    expect(plan(desiredState([topicSpec('t', { partitions: 3 })]), unrecorded).actions).toEqual([]);
  });

  it('never removes an override listed in ignoredConfigs', () => {
    const p = base({}, { 'retention.ms': '1', 'message.timestamp.type': 'LogAppendTime' }, ['message.timestamp.type']);
    expect(p.actions).toEqual([
      { kind: 'update-configs', topic: 't', changes: [{ name: 'retention.ms', from: '1', to: null, defaultValue: '604800000' }] },
    ]);
  });

  it('does not set an ignored config the YAML sets, and warns', () => {
    const p = base({ 'message.timestamp.type': 'LogAppendTime' }, {}, ['message.timestamp.type']);
    expect(p.actions).toEqual([]);
    expect(codes(p.warnings)).toEqual(['ignored-config-in-spec']);
    expect(p.errors).toEqual([]);
  });

  it('does not create with a throttle list the YAML sets, and warns', () => {
    const p = plan(
      desiredState([topicSpec('n', { config: { 'leader.replication.throttled.replicas': '*', 'retention.ms': '1' } })]),
      cluster().build(),
    );
    expect(p.actions).toEqual([
      { kind: 'create-topic', topic: 'n', partitions: 1, replicationFactor: 3, configs: { 'retention.ms': '1' }, replicaAssignment: [[1, 2, 3]] },
    ]);
    expect(codes(p.warnings)).toEqual(['ignored-config-in-spec']);
  });
});

describe('plan: partitions and replication factor', () => {
  it.each([
    {
      name: 'increase',
      want: 12,
      have: 6,
      actions: [
        {
          kind: 'add-partitions',
          topic: 't',
          from: 6,
          to: 12,
          // new partitions: preferred leaders on the brokers leading fewest partitions of the topic, racks spread
          replicaAssignment: [[1, 2, 3], [2, 1, 3], [3, 1, 2], [1, 2, 3], [2, 1, 3], [3, 1, 2]],
        },
      ],
      errors: [],
    },
    { name: 'equal', want: 6, have: 6, actions: [], errors: [] },
    { name: 'decrease', want: 3, have: 6, actions: [], errors: ['partition-decrease'] },
  ])('partitions: $name', ({ want, have, actions, errors }) => {
    const p = plan(desiredState([topicSpec('t', { partitions: want, replicationFactor: 3 })]), cluster().topic('t', { partitions: have, rf: 3 }).build());
    expect(p.actions).toEqual(actions);
    expect(codes(p.errors)).toEqual(errors);
  });

  it('names the topic and both numbers on a decrease', () => {
    const p = plan(desiredState([topicSpec('t', { partitions: 3, replicationFactor: 3 })]), cluster().topic('t', { partitions: 6, rf: 3 }).build());
    expect(p.errors[0].topic).toBe('t');
    expect(p.errors[0].message).toContain('6');
    expect(p.errors[0].message).toContain('3');
    expect(p.errors[0].message).toContain('Kafka cannot remove partitions');
  });

  it('plans an RF change as a reassignment that keeps every replica that can stay', () => {
    const p = plan(desiredState([topicSpec('t', { partitions: 2, replicationFactor: 2 })]), cluster().topic('t', { partitions: 2, rf: 3 }).build());
    expect(p.actions).toEqual([
      {
        kind: 'reassign-partitions',
        topic: 't',
        reason: 'replication-factor',
        moves: [
          { topic: 't', partition: 0, from: [1, 2, 3], to: [1, 2], sizeBytes: 0 },
          { topic: 't', partition: 1, from: [2, 3, 1], to: [2, 3], sizeBytes: 0 },
        ],
      },
    ]);
    expect(p.errors).toEqual([]);
    expect(p.summary).toEqual({ create: 0, update: 1, delete: 0 });
  });

  it('counts a topic with several update actions once, in kind order', () => {
    const p = plan(
      desiredState([topicSpec('t', { partitions: 4, replicationFactor: 2, config: { 'retention.ms': '1' } })]),
      cluster().topic('t', { partitions: 2, rf: 3 }).build(),
    );
    expect(p.actions.map((a) => a.kind)).toEqual(['update-configs', 'reassign-partitions', 'add-partitions']);
    // the new partitions already have the new replication factor (Kafka wants it equal to partition 0's)
    const add = p.actions.find((a) => a.kind === 'add-partitions');
    expect(add?.kind === 'add-partitions' && add.replicaAssignment?.map((r) => r.length)).toEqual([2, 2]);
    expect(p.summary).toEqual({ create: 0, update: 1, delete: 0 });
  });
});

describe('plan: prune and protected topics', () => {
  const actual = (): ClusterState =>
    cluster()
      .topic('keep', { partitions: 1, rf: 3 })
      .topic('stale', { partitions: 6, rf: 3 })
      .topic('__consumer_offsets', { partitions: 50, rf: 3, internal: true })
      .topic('_schemas', { partitions: 1, rf: 3 })
      .topic('internal-no-prefix', { partitions: 1, rf: 3, internal: true })
      .build();
  const desired = (options: Partial<DesiredState> = {}): DesiredState =>
    desiredState([topicSpec('keep', { partitions: 1, replicationFactor: 3 })], options);

  it('does nothing to undeclared topics without prune', () => {
    expect(plan(desired(), actual()).actions).toEqual([]);
  });

  it('deletes undeclared, unprotected topics with desired.prune', () => {
    const p = plan(desired({ prune: true }), actual());
    expect(p.actions).toEqual([
      { kind: 'delete-topic', topic: '_schemas', partitions: 1 },
      { kind: 'delete-topic', topic: 'stale', partitions: 6 },
    ]);
    expect(p.summary).toEqual({ create: 0, update: 0, delete: 2 });
  });

  it('options.prune overrides desired.prune both ways', () => {
    expect(plan(desired({ prune: true }), actual(), { prune: false }).actions).toEqual([]);
    expect(plan(desired({ prune: false }), actual(), { prune: true }).summary.delete).toBe(2);
  });

  it('never deletes topics matching a protected pattern', () => {
    const p = plan(desired({ prune: true, protectedTopics: ['^__', '^_schemas$'] }), actual());
    expect(p.actions).toEqual([{ kind: 'delete-topic', topic: 'stale', partitions: 6 }]);
  });

  it('errors on a desired topic that matches a protected pattern, and plans nothing for it', () => {
    const p = plan(
      desiredState([topicSpec('__consumer_offsets', { partitions: 60, replicationFactor: 3 }), topicSpec('__new', {})]),
      actual(),
    );
    expect(p.actions).toEqual([]);
    expect(p.errors.map((e) => [e.code, e.topic])).toEqual([
      ['protected-topic', '__consumer_offsets'],
      ['protected-topic', '__new'],
    ]);
  });

  it('treats cluster-internal topics as protected even without a matching pattern', () => {
    const p = plan(desiredState([topicSpec('internal-no-prefix', { partitions: 3 })], { protectedTopics: [] }), actual());
    expect(p.actions).toEqual([]);
    expect(codes(p.errors)).toEqual(['protected-topic']);
    expect(p.errors[0].message).toContain('internal');
  });

  it('reports an invalid protected pattern as an error', () => {
    const p = plan(desired({ protectedTopics: ['(unclosed'] }), actual());
    expect(codes(p.errors)).toEqual(['invalid-protected-pattern']);
  });

  it('reports a duplicated topic and neither plans nor prunes it', () => {
    const d = desiredState(
      [
        topicSpec('stale', { partitions: 1, source: { file: 'topics/b.yaml', line: 3, column: 1 } }),
        topicSpec('stale', { partitions: 9, source: { file: 'topics/a.yaml', line: 1, column: 1 } }),
        topicSpec('keep', { partitions: 1 }),
      ],
      { prune: true },
    );
    const p = plan(d, actual());
    expect(p.errors).toEqual([
      { code: 'duplicate-topic', topic: 'stale', message: 'topic is defined 2 times (topics/a.yaml:1, topics/b.yaml:3); define it once' },
    ]);
    expect(p.actions).toEqual([{ kind: 'delete-topic', topic: '_schemas', partitions: 1 }]);
  });
});

describe('plan: purity and determinism', () => {
  const desired = desiredState(
    [
      topicSpec('b', { partitions: 4, replicationFactor: 3, config: { 'retention.ms': '1', 'cleanup.policy': 'compact' } }),
      topicSpec('a', { partitions: 2, replicationFactor: 2 }),
      topicSpec('c', { partitions: 1, replicationFactor: 3, config: { 'segment.ms': '5' } }),
      topicSpec('d', { partitions: 1, replicationFactor: 3 }),
    ],
    { prune: true },
  );
  const actual = cluster()
    .topic('z', { partitions: 2 })
    .topic('b', { partitions: 2, rf: 3, configs: { 'max.message.bytes': '2000000', 'retention.ms': '2' } })
    .topic('a', { partitions: 3, rf: 3 })
    .topic('y', { partitions: 1 })
    .topic('d', { partitions: 1, rf: 3 })
    .build();

  it('gives deep-equal plans for the same input and does not mutate it', () => {
    const before = JSON.stringify([desired, actual]);
    const first = plan(desired, actual);
    const second = plan(desired, actual);
    expect(second).toEqual(first);
    expect(JSON.stringify([desired, actual])).toBe(before);
  });

  it('orders actions by topic, then create/update/reassign/add-partitions/delete', () => {
    const p = plan(desired, actual);
    expect(p.actions.map((a) => `${a.topic}:${a.kind}`)).toEqual([
      'a:reassign-partitions',
      'b:update-configs',
      'b:add-partitions',
      'c:create-topic',
      'y:delete-topic',
      'z:delete-topic',
    ]);
    expect(p.summary).toEqual({ create: 1, update: 2, delete: 2 });
    expect(codes(p.errors)).toEqual(['partition-decrease']);
    expect(codes(p.warnings)).toEqual(['keyed-partition-increase']); // b becomes compacted and grows
  });

  it('gives the same plan for shuffled input order', () => {
    const reference = plan(desired, actual);
    const reverseRecord = <T>(r: Readonly<Record<string, T>>): Record<string, T> => Object.fromEntries(Object.entries(r).reverse());
    const shuffledDesired: DesiredState = {
      ...desired,
      topics: [...desired.topics].reverse().map((t) => ({ ...t, config: reverseRecord(t.config) })),
    };
    const shuffledActual: ClusterState = {
      ...actual,
      topics: Object.fromEntries(
        Object.entries(actual.topics)
          .reverse()
          .map(([k, t]) => [k, { ...t, configs: reverseRecord(t.configs) }]),
      ),
    };
    const shuffled = plan(shuffledDesired, shuffledActual);
    expect(shuffled).toEqual(reference);
    expect(JSON.stringify(shuffled)).toBe(JSON.stringify(reference));
  });
});
