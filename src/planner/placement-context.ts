/**
 * What replica placement needs to know about the cluster while planning: brokers (racks, online), excluded
 * brokers, the default strategy, and the replica / preferred-leader count of every broker as the plan so far
 * leaves it (updated as topics are placed, so later topics see earlier choices). Also resolves a topic's
 * strategy and eligible brokers.
 */
import type { BrokerState, ClusterState, TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import { isPlacementStrategyName, type PlacementStrategyName } from './placement/index.js';

export interface PlacementContext {
  readonly brokers: ReadonlyMap<number, BrokerState>;
  readonly excluded: ReadonlySet<number>;
  readonly defaultStrategy: PlacementStrategyName;
  /** Replicas per broker id, cluster-wide (all topics that will exist). */
  readonly replicas: Map<number, number>;
  /** Preferred leaders per broker id, cluster-wide. */
  readonly leaders: Map<number, number>;
  /** Eligible brokers by `brokers` subset (key: sorted ids, "*" = all): most topics share one. */
  readonly eligibleCache: Map<string, EligibleBrokers>;
}

interface EligibleBrokers {
  readonly subset?: ReadonlySet<number>;
  readonly eligible: readonly BrokerState[];
  readonly receivers: readonly number[];
  readonly racked: number;
  readonly rackCount: number;
}

export interface TopicPlacement {
  readonly strategy: PlacementStrategyName;
  /** The topic's `brokers` subset; undefined = every broker. */
  readonly subset?: ReadonlySet<number>;
  /** Brokers that may receive a replica: known, online, not excluded, in the subset; sorted by id. */
  readonly receivers: readonly number[];
  /** Brokers that count for the replication-factor limit: known, not excluded, in the subset. */
  readonly eligibleCount: number;
  /** Kafka's rack rule applies (rack-aware, and every eligible broker has a rack). */
  readonly rackRule: boolean;
  /** Racks among the eligible brokers (the spread a partition should reach, capped by its RF). */
  readonly rackCount: number;
  /** Set when the strategy cannot place replicas at all (unknown name, racks on only some brokers). */
  readonly problem?: string;
}

export function isOnline(broker: BrokerState | undefined): boolean {
  return broker !== undefined && broker.online !== false;
}

/**
 * @param topics the topics that will exist after the plan (deleted ones left out), with their current replicas
 */
export function createPlacementContext(
  cluster: ClusterState,
  topics: Iterable<TopicState>,
  excluded: readonly number[],
  defaultPlacement: PlacementStrategyName | undefined,
): PlacementContext {
  const brokers = new Map(cluster.brokers.map((b) => [b.id, b]));
  const everyRacked = cluster.brokers.length > 0 && cluster.brokers.every((b) => b.rack !== null);
  const replicas = new Map<number, number>();
  const leaders = new Map<number, number>();
  for (const id of brokers.keys()) {
    replicas.set(id, 0);
    leaders.set(id, 0);
  }
  const ctx: PlacementContext = {
    brokers,
    excluded: new Set(excluded),
    defaultStrategy: defaultPlacement ?? (everyRacked ? 'rack-aware' : 'balanced'),
    replicas,
    leaders,
    eligibleCache: new Map(),
  };
  for (const topic of topics) for (const p of topic.partitions) countReplicas(ctx, p.replicas, 1);
  return ctx;
}

/** Adds (sign 1) or removes (sign −1) one partition's replicas from the cluster-wide counts. */
export function countReplicas(ctx: PlacementContext, replicas: readonly number[], sign: 1 | -1): void {
  for (let slot = 0; slot < replicas.length; slot++) {
    const id = replicas[slot];
    ctx.replicas.set(id, (ctx.replicas.get(id) ?? 0) + sign);
    if (slot === 0) ctx.leaders.set(id, (ctx.leaders.get(id) ?? 0) + sign);
  }
}

function eligibleBrokers(brokers: readonly number[] | undefined, ctx: PlacementContext): EligibleBrokers {
  const key = brokers === undefined ? '*' : [...brokers].sort((a, b) => a - b).join(',');
  const cached = ctx.eligibleCache.get(key);
  if (cached !== undefined) return cached;
  const subset = brokers === undefined ? undefined : new Set(brokers);
  const eligible = [...ctx.brokers.values()]
    .filter((b) => !ctx.excluded.has(b.id) && (subset === undefined || subset.has(b.id)))
    .sort((a, b) => a.id - b.id);
  const result: EligibleBrokers = {
    ...(subset ? { subset } : {}),
    eligible,
    receivers: eligible.filter(isOnline).map((b) => b.id),
    racked: eligible.filter((b) => b.rack !== null).length,
    rackCount: new Set(eligible.map((b) => b.rack)).size,
  };
  ctx.eligibleCache.set(key, result);
  return result;
}

/** The topic's strategy and brokers; `spec` undefined = a cluster topic without YAML (default strategy, every broker). */
export function resolvePlacement(spec: TopicSpec | undefined, ctx: PlacementContext): TopicPlacement {
  const name = spec?.placement ?? (spec?.replicaAssignment !== undefined ? 'static' : ctx.defaultStrategy);
  const strategy: PlacementStrategyName = isPlacementStrategyName(name) ? name : 'balanced';
  const { subset, eligible, receivers, racked, rackCount: racks } = eligibleBrokers(spec?.brokers, ctx);
  const rackRule = strategy === 'rack-aware' && racked > 0 && racked === eligible.length;
  const rackCount = rackRule ? racks : 0;
  const base = { strategy, ...(subset ? { subset } : {}), receivers, eligibleCount: eligible.length, rackRule, rackCount };
  if (!isPlacementStrategyName(name)) return { ...base, problem: `unknown placement strategy "${name}"` };
  if (strategy === 'static' && spec?.replicaAssignment === undefined) {
    return { ...base, problem: `placement static needs a replicaAssignment for topic ${spec?.name ?? ''}` };
  }
  if (strategy === 'rack-aware' && racked > 0 && racked < eligible.length) {
    return { ...base, problem: 'Not all brokers have rack information for replica rack aware assignment.' };
  }
  return base;
}

/**
 * May the topic keep a replica on this broker? Outside its `brokers` subset: no. Excluded brokers are emptied by the
 * cluster-wide stage, and unknown or offline brokers keep their replicas (a broker that is down is not decommissioned).
 */
export function mayKeep(placement: TopicPlacement, id: number): boolean {
  return placement.subset === undefined || placement.subset.has(id);
}
