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
import { brokerSubsetKey } from './placement-context.js';
import { BrokerLoad, mendTopicBalance, topicOutOfBalance, topicReceivers, type TopicReceivers } from './topic-balance.js';

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
  /**
   * The topic's strategy promises replicas and preferred leaders within ±1 per broker (balanced, rack-aware): when its
   * lists break that, a plan without rebalance mends them with the fewest moves (./topic-balance.ts), unless that
   * would unbalance the brokers. Only for movable topics; a topic that adds partitions in this plan is judged on the
   * next one (the new lists are in its add-partitions action already).
   */
  readonly keepBalanced?: boolean;
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

/** Shared by every layout without per-topic changes (most of a large cluster's): never mutated. */
export const NO_REASONS: ReadonlySet<ReassignReason> = new Set();

/** The layout of a cluster topic as it is (no per-topic changes); `keepBalanced`: see TopicLayout. */
export function currentLayout(topic: TopicState, movable: boolean, rackRule: boolean, eligible?: readonly number[], keepBalanced = false): TopicLayout {
  const current = topic.partitions.map((p) => p.replicas);
  return {
    name: topic.name,
    current,
    lists: current,
    sizes: topic.partitions.map((p) => p.sizeBytes ?? 0),
    movable,
    rackRule,
    reasons: NO_REASONS,
    keepBalanced,
    ...(eligible !== undefined ? { eligible } : {}),
  };
}

function listNames(names: readonly string[], max = 5): string {
  return names.length <= max ? names.join(', ') : `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}

/** A topic's receivers (online, not excluded, in its `brokers` subset) for the balance check, by subset. */
class ReceiverCache {
  private readonly bySubset = new Map<string, TopicReceivers>();
  private readonly online: readonly BrokerState[];

  constructor(brokers: readonly BrokerState[], excluded: ReadonlySet<number>) {
    this.online = brokers.filter((b) => b.online !== false && !excluded.has(b.id)).sort((a, b) => a.id - b.id);
  }

  of(eligible: readonly number[] | undefined): TopicReceivers {
    const key = brokerSubsetKey(eligible);
    let cached = this.bySubset.get(key);
    if (cached === undefined) {
      const subset = eligible === undefined ? null : new Set(eligible);
      cached = topicReceivers(this.online.filter((b) => subset === null || subset.has(b.id)).map((b) => ({ id: b.id, rack: b.rack })));
      this.bySubset.set(key, cached);
    }
    return cached;
  }
}

/**
 * Per-topic balance, the strategy's promise. A plan without rebalance mends each topic of the YAML that breaks it
 * (`finals` updated in place) — also after a decommission moved it — unless that would unbalance the brokers: a
 * rebalance may leave a topic apart on purpose, and the next rebalance would move it back. Mends are tried again
 * while one succeeds, since one topic's mend can make room for another's. A rebalance pursues per-topic balance itself,
 * second to the brokers' ±1: the topics it leaves apart are returned, for a warning.
 */
function keepTopicsBalanced(layouts: readonly TopicLayout[], finals: (readonly (readonly number[])[])[], receivers: ReceiverCache, rebalance: boolean): string[] {
  const apart: number[] = [];
  layouts.forEach((layout, i) => {
    const judged = layout.movable && finals[i].length === layout.current.length && (rebalance || layout.keepBalanced === true);
    if (judged && topicOutOfBalance(finals[i], receivers.of(layout.eligible))) apart.push(i);
  });
  if (rebalance || apart.length === 0) return apart.map((i) => layouts[i].name);
  const load = new BrokerLoad(receivers.of(undefined), finals);
  for (let pending = apart, mended = -1; mended !== 0; ) {
    mended = 0;
    const left: number[] = [];
    for (const i of pending) {
      const layout = layouts[i];
      const lists = mendTopicBalance(layout.name, finals[i], layout.sizes, receivers.of(layout.eligible), layout.rackRule);
      if (lists === null || !load.accepts(finals[i], lists)) {
        left.push(i);
        continue;
      }
      load.replace(finals[i], lists);
      finals[i] = lists;
      mended++;
    }
    pending = left;
  }
  return [];
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

  const finals = layouts.map((layout) => balance?.assignments.get(layout.name) ?? layout.lists);
  const unbalanced = keepTopicsBalanced(layouts, finals, new ReceiverCache(brokers, excluded), options.rebalance);

  const actions: ReassignPartitionsAction[] = [];
  layouts.forEach((layout, i) => {
    const final = finals[i];
    // Most topics of a large cluster keep their lists as they are (the very same arrays): nothing to compare.
    if (final === layout.current) return;
    const moves: PartitionMove[] = [];
    const reasons = new Set(layout.reasons);
    layout.current.forEach((from, p) => {
      const to = final[p];
      if (sameList(from, to)) return;
      // `from` is the cluster state's own array (copied: the plan never shares the input); a differing `to` was made
      // by this plan's placement or balancer for this partition alone.
      moves.push({ topic: layout.name, partition: p, from: [...from], to, sizeBytes: layout.sizes[p] ?? 0 });
      const staged = layout.lists[p];
      if (sameList(staged, to)) return;
      if (staged.some((id) => excluded.has(id) && !to.includes(id))) reasons.add('decommission');
      else reasons.add(options.rebalance ? 'rebalance' : 'placement');
    });
    if (moves.length === 0) return;
    const reason = REASSIGN_REASONS.find((r) => reasons.has(r)) ?? 'placement';
    actions.push({ kind: 'reassign-partitions', topic: layout.name, reason, moves });
  });
  if (unbalanced.length > 0) {
    warnings.push(
      issue('rebalance-incomplete', undefined, `${unbalanced.length} topic(s) keep replicas or preferred leaders more than ±1 apart per broker: ${listNames(unbalanced.sort())} (evening them out would unbalance the brokers, or the rack rule or a broker list allows nothing better)`),
    );
  }
  return { actions, warnings, ...(balance !== undefined ? { balance } : {}) };
}
