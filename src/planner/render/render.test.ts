import { describe, expect, it } from 'vitest';
import type { Plan } from '../plan.js';
import { plan as makePlan } from '../plan-topics.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { desiredState, topicSpec } from '../testing/desired-state.js';
import { renderPlanJson } from './json.js';
import { renderPlanText } from './text.js';

const FP = 'a'.repeat(64);

const plan: Plan = {
  formatVersion: 1,
  clusterFingerprint: FP,
  actions: [
    { kind: 'create-topic', topic: 'orders.v1', partitions: 12, replicationFactor: 3, configs: { 'retention.ms': '604800000', 'cleanup.policy': 'delete' } },
    {
      kind: 'update-configs',
      topic: 'payments.v1',
      changes: [
        { name: 'retention.ms', from: '604800000', to: '259200000' },
        { name: 'segment.ms', from: '86400000', to: null, defaultValue: '604800000' },
        { name: 'x.custom', from: 'v', to: null, defaultValue: null },
      ],
    },
    {
      kind: 'reassign-partitions',
      topic: 'payments.v1',
      reason: 'replication-factor',
      moves: [
        { topic: 'payments.v1', partition: 0, from: [1, 2, 3], to: [1, 2], sizeBytes: 100 },
        { topic: 'payments.v1', partition: 1, from: [2, 3, 1], to: [3, 4], sizeBytes: 0 },
      ],
    },
    { kind: 'add-partitions', topic: 'payments.v1', from: 6, to: 12 },
    { kind: 'add-partitions', topic: 'q', from: 1, to: 2, replicaAssignment: [[2, 1]] },
    { kind: 'delete-topic', topic: 'stale', partitions: 6 },
    { kind: 'delete-topic', topic: 'tiny', partitions: 1 },
  ],
  errors: [
    {
      code: 'partition-decrease',
      topic: 'payments.v1',
      message: 'partitions 6 → 3: Kafka cannot remove partitions',
      source: { file: 'topics/payments.yaml', line: 2, column: 3 },
    },
    { code: 'invalid-protected-pattern', message: 'bad pattern' },
  ],
  warnings: [{ code: 'ignored-config-in-spec', topic: 'orders.v1', message: 'config x is ignored' }],
  summary: { create: 1, update: 2, delete: 2 },
};

const empty: Plan = { formatVersion: 1, clusterFingerprint: FP, actions: [], errors: [], warnings: [], summary: { create: 0, update: 0, delete: 0 } };

describe('renderPlanText', () => {
  it('renders every line shape exactly', () => {
    expect(renderPlanText(plan, { color: false })).toBe(
      [
        '  + create orders.v1 (12 partitions, RF 3)',
        '      cleanup.policy = delete',
        '      retention.ms = 604800000',
        '  ~ update payments.v1: retention.ms 604800000 → 259200000',
        '  ~ update payments.v1: segment.ms 86400000 → (default 604800000)',
        '  ~ update payments.v1: x.custom v → (default)',
        '  ~ reassign payments.v1 (replication factor): 2 partitions, 1 replica added, 3 removed, 1 leader change',
        '  ~ update payments.v1: partitions 6 → 12',
        '  ~ update q: partitions 1 → 2',
        '  - delete stale (6 partitions)',
        '  - delete tiny (1 partition)',
        '',
        'Error: payments.v1: partitions 6 → 3: Kafka cannot remove partitions (topics/payments.yaml:2:3)',
        'Error: bad pattern',
        'Warning: orders.v1: config x is ignored',
        '',
        'Plan: 1 to create, 2 to update, 2 to delete.',
      ].join('\n'),
    );
  });

  it('says "No changes" when there is nothing to do', () => {
    expect(renderPlanText(empty, { color: false })).toBe('No changes. The cluster matches topics/.');
    expect(renderPlanText(empty, { color: true, topicsLabel: 'kafka/topics/' })).toBe('No changes. The cluster matches kafka/topics/.');
  });

  it('shows warnings before "No changes" when there are only warnings', () => {
    const onlyWarnings: Plan = { ...empty, warnings: [{ code: 'w', message: 'careful' }] };
    expect(renderPlanText(onlyWarnings, { color: false })).toBe('Warning: careful\n\nNo changes. The cluster matches topics/.');
  });

  it('prints a Plan line, not "No changes", when there are errors but no actions', () => {
    const onlyErrors: Plan = { ...empty, errors: [{ code: 'partition-decrease', topic: 't', message: 'no' }] };
    expect(renderPlanText(onlyErrors, { color: false })).toBe('Error: t: no\n\nPlan: 0 to create, 0 to update, 0 to delete.');
  });

  it('has no escape codes without color, and colours markers with it', () => {
    const plain = renderPlanText(plan, { color: false });
    expect(plain).not.toMatch(/\u001b/);
    const coloured = renderPlanText(plan, { color: true });
    expect(coloured).toContain('  \u001b[32m+\u001b[0m create orders.v1');
    expect(coloured).toContain('  \u001b[33m~\u001b[0m update payments.v1');
    expect(coloured).toContain('  \u001b[31m-\u001b[0m delete stale');
    expect(coloured).toContain('\u001b[31mError:\u001b[0m payments.v1');
    expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(plain);
  });
});

describe('renderPlanJson', () => {
  it('puts formatVersion first and uses a fixed key order', () => {
    const text = renderPlanJson(plan);
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['formatVersion', 'clusterFingerprint', 'summary', 'actions', 'errors', 'warnings']);
    expect(text.startsWith(`{\n  "formatVersion": 1,\n  "clusterFingerprint": "${FP}",\n`)).toBe(true);
    expect(text.endsWith('}')).toBe(true);
  });

  it('round-trips to a deep-equal plan (configs sorted)', () => {
    const doc = JSON.parse(renderPlanJson(plan)) as Plan;
    expect(doc).toEqual(plan);
    const create = doc.actions[0] as { configs: Record<string, string> };
    expect(Object.keys(create.configs)).toEqual(['cleanup.policy', 'retention.ms']);
  });

  it('is stable regardless of property insertion order', () => {
    const reverseKeys = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).reverse()) as T;
    const reordered: Plan = {
      clusterFingerprint: FP,
      summary: plan.summary,
      warnings: plan.warnings,
      errors: plan.errors.map(reverseKeys),
      actions: plan.actions.map(reverseKeys),
      formatVersion: 1,
    };
    expect(renderPlanJson(reordered)).toBe(renderPlanJson(plan));
  });

  it('renders an exact small plan', () => {
    const small: Plan = {
      formatVersion: 1,
      clusterFingerprint: FP,
      actions: [{ kind: 'update-configs', topic: 't', changes: [{ name: 'retention.ms', from: '1', to: null, defaultValue: '604800000' }] }],
      errors: [],
      warnings: [],
      summary: { create: 0, update: 1, delete: 0 },
    };
    expect(renderPlanJson(small)).toBe(`{
  "formatVersion": 1,
  "clusterFingerprint": "${FP}",
  "summary": {
    "create": 0,
    "update": 1,
    "delete": 0
  },
  "actions": [
    {
      "kind": "update-configs",
      "topic": "t",
      "changes": [
        {
          "name": "retention.ms",
          "from": "1",
          "to": null,
          "defaultValue": "604800000"
        }
      ]
    }
  ],
  "errors": [],
  "warnings": []
}`);
  });
});

describe('rendering a plan with a reassignment', () => {
  const state = new ClusterStateBuilder().brokers(4, { racks: ['a', 'b'] }).topic('t', { partitions: 4, rf: 2, sizeBytes: 2048 }).build();
  const withMoves = makePlan(desiredState([topicSpec('t', { partitions: 4, replicationFactor: 2 })]), state, { excludedBrokers: [4], throttleBytesPerSec: 1024 });

  it('prints the reassign line, then the reassignment preview, then issues', () => {
    const text = renderPlanText(withMoves, { color: false });
    const blocks = text.split('\n\n');
    expect(blocks[0]).toMatch(/^ {2}~ reassign t \(decommission\): 2 partitions, 2 replicas added, 2 removed/);
    expect(blocks[1].startsWith('Reassignment: ')).toBe(true);
    expect(text.endsWith('Plan: 0 to create, 1 to update, 0 to delete.')).toBe(true);
  });

  it('puts the reassignment last in the JSON, and round-trips', () => {
    const json = renderPlanJson(withMoves);
    const doc = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(['formatVersion', 'clusterFingerprint', 'summary', 'actions', 'errors', 'warnings', 'reassignment']);
    expect(doc).toEqual(JSON.parse(JSON.stringify(withMoves)));
  });
});
