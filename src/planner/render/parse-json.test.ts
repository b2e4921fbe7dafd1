import { describe, expect, it } from 'vitest';
import { plan } from '../plan-topics.js';
import { planRebalance } from '../plan-rebalance.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { desiredState, topicSpec } from '../testing/desired-state.js';
import { renderPlanJson } from './json.js';
import { parsePlanJson, PlanFileError, restoreSavedPlan } from './parse-json.js';

const state = () =>
  new ClusterStateBuilder()
    .brokers(3, { racks: ['a', 'b', 'c'] })
    .topic('orders', { partitions: 6, rf: 3, sizeBytes: 1000, configs: { 'retention.ms': '1000' } })
    .topic('stale', { partitions: 2, rf: 2 })
    .broker(4, 'a')
    .build();

describe('parsePlanJson', () => {
  it('reads back every action kind of a saved plan, and restores the reassignment preview', () => {
    const desired = desiredState(
      [topicSpec('orders', { partitions: 8, replicationFactor: 2, config: { 'retention.ms': '2000' } }), topicSpec('new', { partitions: 2, replicationFactor: 2 })],
      { prune: true },
    );
    const original = plan(desired, state(), { rebalance: true, throttleBytesPerSec: 100, maxMovesPerBroker: 2 });
    expect(new Set(original.actions.map((a) => a.kind)).size).toBe(5);
    const saved = parsePlanJson(renderPlanJson(original));
    expect(saved.reassignmentOptions).toEqual({ throttleBytesPerSec: 100, maxMovesPerBroker: 2 });
    expect(restoreSavedPlan(saved, state())).toEqual(original);
  });

  it('round-trips a rebalance plan', () => {
    const original = planRebalance(state(), { throttleBytesPerSec: 50 });
    expect(restoreSavedPlan(parsePlanJson(renderPlanJson(original)), state())).toEqual(original);
  });

  it('checks the saved actions again: a hand-edited deletion of a protected topic is an error', () => {
    const actual = new ClusterStateBuilder().brokers(3).topic('__consumer_offsets', { partitions: 3, rf: 3, internal: true }).topic('_schemas', { partitions: 1, rf: 3 }).build();
    const clean = planRebalance(actual);
    const edited = JSON.parse(renderPlanJson(clean));
    edited.actions.push({ kind: 'delete-topic', topic: '_schemas', partitions: 1 }, { kind: 'delete-topic', topic: '__consumer_offsets', partitions: 3 });
    const restored = restoreSavedPlan(parsePlanJson(JSON.stringify(edited)), actual, ['^_']);
    expect(restored.errors.map((e) => [e.code, e.topic]).sort()).toEqual([
      ['protected-topic', '__consumer_offsets'],
      ['protected-topic', '_schemas'],
    ]);
  });

  it('names the JSON path of what is wrong', () => {
    const good = JSON.parse(renderPlanJson(planRebalance(state())));
    const bad = (mutate: (doc: Record<string, unknown>) => void): string => {
      const doc = structuredClone(good);
      mutate(doc);
      return JSON.stringify(doc);
    };
    expect(() => parsePlanJson('{')).toThrow(/invalid JSON/);
    expect(() => parsePlanJson(bad((d) => (d.formatVersion = 2)))).toThrow(/formatVersion: expected 1, got 2/);
    expect(() => parsePlanJson(bad((d) => (d.clusterFingerprint = 'abc')))).toThrow(/clusterFingerprint: expected 64 hexadecimal digits/);
    expect(() => parsePlanJson(bad((d) => ((d.actions as { moves: { to: unknown }[] }[])[0].moves[0].to = ['x'])))).toThrow(
      /actions\[0\]\.moves\[0\]\.to\[0\]: expected a whole number/,
    );
    expect(() => parsePlanJson(bad((d) => ((d.actions as { kind: string }[])[0].kind = 'explode')))).toThrow(PlanFileError);
  });
});
