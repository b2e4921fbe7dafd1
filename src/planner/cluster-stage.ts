/**
 * The cluster-wide stage of planning: after every topic has its own replica lists, decommission (empty the
 * excluded brokers) and/or rebalance the whole cluster with ./rebalance, then turn each topic's change into one
 * `reassign-partitions` action. Topics that may not move (protected, static, new, with errors) still count in
 * every broker's load.
 */
import type { BrokerState, TopicState } from '../model/cluster-state.js';
import { issue } from './issues.js';
import type { PartitionMove, PlanIssue, ReassignPartitionsAction, ReassignReason } from './plan.js';
import { REASSIGN_REASONS } from './plan.js';
import { balanceCluster, type BalanceResult } from './rebalance/index.js';

export interface TopicLayout {
  readonly name: string;
  /** The cluster's replica lists now (empty for a topic the plan creates). */
  readonly current: readonly (readonly number[])[];
  /** Lists after per-topic placement: existing partitions, then partitions the plan adds. */
  readonly lists: readonly (readonly number[])[];
  /** Bytes per existing partition (0 unknown). */
  readonly sizes: readonly number[];
  /** May the cluster-wide stage move or reorder the topic's existing partitions? */
  readonly movable: boolean;
  readonly eligible?: readonly number[];
  readonly rackRule: boolean;
  /** Why per-topic placement changed lists (empty: it did not). */
  readonly reasons: ReadonlySet<ReassignReason>;
}

export interface ClusterStageOptions {
  readonly excluded: readonly number[];
  readonly rebalance: boolean;
}

export interface ClusterStageResult {
  readonly actions: ReassignPartitionsAction[];
  readonly warnings: PlanIssue[];
  /** The balancer's figures; undefined when it did not run (no excluded brokers, no rebalance). */
  readonly balance?: BalanceResult;
}

/** The layout of a cluster topic as it is (no per-topic changes). */
export function currentLayout(topic: TopicState, movable: boolean, rackRule: boolean, eligible?: readonly number[]): TopicLayout {
  const current = topic.partitions.map((p) => p.replicas);
  return {
    name: topic.name,
    current,
    lists: current,
    sizes: topic.partitions.map((p) => p.sizeBytes ?? 0),
    movable,
    rackRule,
    reasons: new Set(),
    ...(eligible !== undefined ? { eligible } : {}),
  };
}

function listNames(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

export function runClusterStage(layouts: readonly TopicLayout[], brokers: readonly BrokerState[], options: ClusterStageOptions): ClusterStageResult {
  const warnings: PlanIssue[] = [];
  const excluded = new Set(options.excluded);
  let balance: BalanceResult | undefined;
  if (options.rebalance || excluded.size > 0) {
    balance = balanceCluster({
      brokers: brokers.map((b) => ({ id: b.id, rack: b.rack, online: b.online !== false })),
      excluded: [...excluded],
      rebalance: options.rebalance,
      topics: layouts.map((t) => ({
        name: t.name,
        replicas: t.lists,
        sizes: t.sizes,
        movablePartitions: t.movable ? t.current.length : 0,
        rackRule: t.rackRule,
        ...(t.eligible !== undefined ? { eligible: t.eligible } : {}),
      })),
    });
    for (const [broker, topics] of balance.notEmptied) {
      warnings.push(
        issue('decommission-incomplete', undefined, `excluded broker ${broker} still holds replicas of ${topics.length} topic(s) after this plan: ${listNames(topics)} (protected or static topics, or no eligible broker can take them)`),
      );
    }
    if (options.rebalance && balance.overloaded.some((b) => !excluded.has(b))) {
      const ids = balance.overloaded.filter((b) => !excluded.has(b));
      warnings.push(issue('rebalance-incomplete', undefined, `broker(s) ${ids.join(', ')} stay above their balanced share of replicas: the rack rule, topic broker lists or fixed topics leave no further move`));
    }
    if (options.rebalance && balance.leaderOverloaded.length > 0) {
      warnings.push(issue('rebalance-incomplete', undefined, `broker(s) ${balance.leaderOverloaded.join(', ')} stay above their balanced share of preferred leaders: no replica set allows another leader change`));
    }
  }

  const actions: ReassignPartitionsAction[] = [];
  for (const layout of layouts) {
    const final = balance?.assignments.get(layout.name) ?? layout.lists;
    // Most topics of a large cluster keep their lists as they are (the very same arrays): nothing to compare.
    if (final === layout.current) continue;
    const moves: PartitionMove[] = [];
    const reasons = new Set(layout.reasons);
    layout.current.forEach((from, p) => {
      const to = final[p];
      if (sameList(from, to)) return;
      moves.push({ topic: layout.name, partition: p, from: [...from], to: [...to], sizeBytes: layout.sizes[p] ?? 0 });
      const staged = layout.lists[p];
      if (!sameList(staged, to)) reasons.add(staged.some((id) => excluded.has(id) && !to.includes(id)) ? 'decommission' : 'rebalance');
    });
    if (moves.length === 0) continue;
    const reason = REASSIGN_REASONS.find((r) => reasons.has(r)) ?? 'placement';
    actions.push({ kind: 'reassign-partitions', topic: layout.name, reason, moves });
  }
  return { actions, warnings, ...(balance !== undefined ? { balance } : {}) };
}
