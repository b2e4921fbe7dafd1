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
  readonly replicas: BrokerCounts;
  /** Preferred leaders per broker id, cluster-wide. */
  readonly leaders: BrokerCounts;
  /** A number per broker id standing for its rack (see rackKey). */
  readonly rackKeys: BrokerCounts;
  /** Eligible brokers by `brokers` subset (key: sorted ids, "*" = all): most topics share one. */
  readonly eligibleCache: Map<string, EligibleBrokers>;
  /** Resolved placements by strategy name and subset key: most topics share one (see resolvePlacement). */
  readonly placementCache: Map<string, TopicPlacement>;
}

/** Broker ids below this are kept in dense arrays (ids are small in practice: 0..a few thousand). */
const DENSE_IDS = 1 << 16;

/**
 * A number per broker id (0 when never set). Shaped for speed: every partition of every topic passes through
 * these counts, so ids below the largest known broker id live in a dense array; any other id (an unknown broker
 * still listed as a replica, a huge or negative id) in a Map.
 */
export class BrokerCounts {
  private readonly dense: Float64Array;
  private readonly sparse = new Map<number, number>();

  constructor(maxId: number) {
    this.dense = new Float64Array(maxId >= 0 && maxId < DENSE_IDS ? maxId + 1 : 0);
  }

  get(id: number): number {
    return id >= 0 && id < this.dense.length ? this.dense[id] : (this.sparse.get(id) ?? 0);
  }

  set(id: number, value: number): void {
    if (id >= 0 && id < this.dense.length) this.dense[id] = value;
    else this.sparse.set(id, value);
  }

  add(id: number, delta: number): void {
    if (id >= 0 && id < this.dense.length) this.dense[id] += delta;
    else this.sparse.set(id, (this.sparse.get(id) ?? 0) + delta);
  }
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
  let maxId = -1;
  for (const id of brokers.keys()) maxId = Math.max(maxId, id);
  const ctx: PlacementContext = {
    brokers,
    excluded: new Set(excluded),
    defaultStrategy: defaultPlacement ?? (everyRacked ? 'rack-aware' : 'balanced'),
    replicas: new BrokerCounts(maxId),
    leaders: new BrokerCounts(maxId),
    rackKeys: rackKeys(cluster.brokers, maxId),
    eligibleCache: new Map(),
    placementCache: new Map(),
  };
  for (const topic of topics) {
    const partitions = topic.partitions;
    for (let p = 0; p < partitions.length; p++) countReplicas(ctx, partitions[p].replicas, 1);
  }
  return ctx;
}

/** Rack keys of brokers with a rack: 1 + the rack's index (brokers on one rack share a key). */
function rackKeys(brokers: readonly BrokerState[], maxId: number): BrokerCounts {
  const keys = new BrokerCounts(maxId);
  const racks = new Map<string, number>();
  for (const b of brokers) {
    if (b.rack === null) {
      keys.set(b.id, 0);
      continue;
    }
    let key = racks.get(b.rack);
    if (key === undefined) racks.set(b.rack, (key = racks.size + 1));
    keys.set(b.id, key);
  }
  return keys;
}

/**
 * A number standing for the broker's rack, compared instead of rack names: equal for brokers on one rack; a broker
 * without a rack (or unknown) is a rack of its own (a negative key no rack index takes; ids are integers).
 */
export function rackKey(ctx: PlacementContext, id: number): number {
  const key = ctx.rackKeys.get(id);
  return key > 0 ? key : -0.5 - id;
}

/** Adds (sign 1) or removes (sign −1) one partition's replicas from the cluster-wide counts. */
export function countReplicas(ctx: PlacementContext, replicas: readonly number[], sign: 1 | -1): void {
  if (replicas.length === 0) return;
  ctx.leaders.add(replicas[0], sign);
  for (let slot = 0; slot < replicas.length; slot++) ctx.replicas.add(replicas[slot], sign);
}

function eligibleBrokers(brokers: readonly number[] | undefined, key: string, ctx: PlacementContext): EligibleBrokers {
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

/** A key for a topic's `brokers` subset, the same for any order of the ids: "*" for every broker. */
export function brokerSubsetKey(brokers: readonly number[] | undefined): string {
  return brokers === undefined ? '*' : [...brokers].sort((a, b) => a - b).join(',');
}

/** The topic's strategy and brokers; `spec` undefined = a cluster topic without YAML (default strategy, every broker). */
export function resolvePlacement(spec: TopicSpec | undefined, ctx: PlacementContext): TopicPlacement {
  const name = spec?.placement ?? (spec?.replicaAssignment !== undefined ? 'static' : ctx.defaultStrategy);
  const brokers = spec?.brokers;
  const subsetKey = brokerSubsetKey(brokers);
  // The only placement that depends on more than the strategy name and the subset: its problem names the topic.
  if (name === 'static' && spec?.replicaAssignment === undefined) return placementOf(name, brokers, subsetKey, spec, ctx);
  // Every topic with the same strategy and subset gets the same (read-only) placement: most topics share one.
  const key = brokers === undefined ? name : `${name}\u0000${subsetKey}`;
  let placement = ctx.placementCache.get(key);
  if (placement === undefined) ctx.placementCache.set(key, (placement = placementOf(name, brokers, subsetKey, spec, ctx)));
  return placement;
}

function placementOf(name: string, brokers: readonly number[] | undefined, subsetKey: string, spec: TopicSpec | undefined, ctx: PlacementContext): TopicPlacement {
  const strategy: PlacementStrategyName = isPlacementStrategyName(name) ? name : 'balanced';
  const { subset, eligible, receivers, racked, rackCount: racks } = eligibleBrokers(brokers, subsetKey, ctx);
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
