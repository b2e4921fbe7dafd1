/**
 * plan() is a fixed point: planning the cluster its own moves leave gives no further move — for a plain plan (which
 * mends topics that break their strategy's ±1) and for a decommission; and rebalance and plan alternated settle.
 * Random small clusters: racks or not (unequal ones too), an offline broker, topics with broker lists, messy lists.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ClusterState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { planRebalance } from './plan-rebalance.js';
import { plan, type PlanOptions } from './plan-topics.js';
import type { Plan } from './plan.js';
import { ClusterStateBuilder } from './testing/cluster-state-builder.js';
import { desiredState, topicSpec } from './testing/desired-state.js';

interface Case {
  readonly state: ClusterState;
  readonly specs: TopicSpec[];
  readonly excluded: number;
}

const caseArb = fc
  .record({
    racks: fc.array(fc.constantFrom('a', 'b', 'c', null), { minLength: 3, maxLength: 7 }),
    offline: fc.boolean(),
    excluded: fc.nat(6),
    topics: fc.array(
      fc.record({
        rf: fc.integer({ min: 1, max: 3 }),
        lists: fc.array(fc.array(fc.nat(6), { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        placement: fc.constantFrom('balanced' as const, 'rack-aware' as const),
        subset: fc.option(fc.array(fc.nat(6), { minLength: 3, maxLength: 6 }), { nil: undefined }),
        size: fc.nat(3),
      }),
      { minLength: 1, maxLength: 3 },
    ),
  })
  .map(({ racks, offline, excluded, topics }): Case => {
    const n = racks.length;
    // Racks on every broker or none (a mix is refused by rack-aware placement).
    const withRacks = racks.every((r) => r !== null);
    const builder = new ClusterStateBuilder();
    racks.forEach((r, i) => builder.broker(i + 1, withRacks ? r : null));
    const specs: TopicSpec[] = [];
    topics.forEach((t, ti) => {
      const rf = Math.min(t.rf, n);
      // Distinct brokers per partition, drawn from the random list.
      const lists = t.lists.map((raw) => {
        const list: number[] = [];
        for (const x of [...raw, 0, 1, 2, 3, 4, 5, 6]) if (list.length < rf && !list.includes((x % n) + 1)) list.push((x % n) + 1);
        return list;
      });
      builder.topic(`t${ti}`, { assignment: lists, sizeBytes: t.size });
      const subset = t.subset === undefined ? undefined : [...new Set(t.subset.map((x) => (x % n) + 1))].sort((a, b) => a - b);
      specs.push(topicSpec(`t${ti}`, { partitions: lists.length, replicationFactor: rf, placement: t.placement, ...(subset && subset.length >= rf ? { brokers: subset } : {}) }));
    });
    let state = builder.build();
    if (offline) state = { ...state, brokers: state.brokers.map((b) => (b.id === n ? { ...b, online: false } : b)) };
    return { state, specs, excluded: (excluded % n) + 1 };
  });

function applyMoves(state: ClusterState, p: Plan): ClusterState {
  const topics = { ...state.topics };
  for (const a of p.actions) {
    if (a.kind !== 'reassign-partitions') continue;
    const t = topics[a.topic];
    topics[a.topic] = { ...t, partitions: t.partitions.map((part) => ({ ...part, replicas: [...(a.moves.find((m) => m.partition === part.partition)?.to ?? part.replicas)] })) };
  }
  return { ...state, topics };
}

const moveCount = (p: Plan): number => p.actions.filter((a) => a.kind === 'reassign-partitions').length;

describe('plan is a fixed point', () => {
  for (const [label, options] of [
    ['plain plan', (_c: Case): PlanOptions => ({})],
    ['decommission', (c: Case): PlanOptions => ({ excludedBrokers: [c.excluded] })],
  ] as const) {
    it(`${label}: planning the result of its moves moves nothing`, () => {
      fc.assert(
        fc.property(caseArb, (c) => {
          const desired = desiredState(c.specs);
          const first = plan(desired, c.state, options(c));
          fc.pre(first.errors.length === 0);
          const second = plan(desired, applyMoves(c.state, first), options(c));
          expect(second.actions.filter((a) => a.kind === 'reassign-partitions')).toEqual([]);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('rebalance and plain plan settle: alternating them stops moving anything', () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const desired = desiredState(c.specs);
        let state = c.state;
        const moved: number[] = [];
        for (let round = 0; round < 6; round++) {
          const rebalance = planRebalance(state, { topics: c.specs });
          const planned = plan(desired, applyMoves(state, rebalance));
          fc.pre(rebalance.errors.length === 0 && planned.errors.length === 0);
          moved.push(moveCount(rebalance) + moveCount(planned));
          state = applyMoves(applyMoves(state, rebalance), planned);
        }
        // A plain plan may finish what a rebalance left (a topic it could even out without unbalancing the brokers),
        // and a rebalance may then even out what that changed; neither undoes the other, so the rounds stop moving.
        expect(moved.slice(3)).toEqual([0, 0, 0]);
      }),
      { numRuns: 200 },
    );
  });
});
