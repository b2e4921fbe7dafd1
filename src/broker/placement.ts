/**
 * Replica placement for new topics and new partitions: Kafka's rack-aware round-robin assignment
 * (AdminUtils.assignReplicasToBrokers, the algorithm kafka-topics and the ZooKeeper controller used, and the
 * shape KRaft's StripedReplicaPlacer keeps): leaders go round-robin over a rack-alternated broker list so they
 * spread evenly; followers are shifted from the leader so that replicas of one partition land on distinct
 * brokers and, where the racks allow, on distinct racks.
 *
 * Pure: the random start index and replica shift Kafka draws are taken from `options` (or an injected `rng`),
 * so tests are deterministic.
 */

export interface PlacementBroker {
  readonly id: number;
  readonly rack: string | null;
}

export interface PlacementOptions {
  /** Index in the (rack-alternated) broker list of partition `startPartitionId`'s leader. Default: drawn from rng. */
  readonly startIndex?: number;
  /** Shift of the second replica from the leader. Default: drawn from rng (Kafka uses startIndex when it is fixed). */
  readonly replicaShift?: number;
  /** Id of the first partition to place (the existing partition count when adding partitions). Default 0. */
  readonly startPartitionId?: number;
  /** Uniform random number in [0, 1); only used when startIndex / replicaShift are not given. Default Math.random. */
  readonly rng?: () => number;
}

export type PlacementErrorKind = 'INVALID_PARTITIONS' | 'INVALID_REPLICATION_FACTOR';

/** A placement request Kafka would refuse; `kind` names the Kafka error code to answer with. */
export class PlacementError extends Error {
  constructor(
    readonly kind: PlacementErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PlacementError';
  }
}

/**
 * Replica lists for `partitions` new partitions (index i of the result is partition startPartitionId + i),
 * each with `replicationFactor` distinct brokers; the first replica is the preferred leader.
 */
export function assignReplicas(
  brokers: readonly PlacementBroker[],
  partitions: number,
  replicationFactor: number,
  options: PlacementOptions = {},
): number[][] {
  if (partitions <= 0) {
    throw new PlacementError('INVALID_PARTITIONS', 'Number of partitions was set to an invalid non-positive value.');
  }
  if (replicationFactor <= 0) {
    throw new PlacementError(
      'INVALID_REPLICATION_FACTOR',
      `Invalid replication factor ${replicationFactor}: the replication factor must be positive.`,
    );
  }
  if (replicationFactor > brokers.length) {
    throw new PlacementError(
      'INVALID_REPLICATION_FACTOR',
      `The target replication factor of ${replicationFactor} cannot be reached because only ${brokers.length} broker(s) are registered.`,
    );
  }
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  const rackAware = sorted.some((b) => b.rack !== null);
  const list = rackAware ? rackAlternatedBrokerList(sorted) : sorted;
  const n = list.length;
  const rng = options.rng ?? Math.random;
  const startIndex = options.startIndex ?? Math.floor(rng() * n);
  const initialShift = options.replicaShift ?? (options.startIndex !== undefined ? options.startIndex : Math.floor(rng() * n));
  const firstPartition = Math.max(0, options.startPartitionId ?? 0);
  const rackOf = new Map(list.map((b) => [b.id, b.rack ?? '']));
  const numRacks = new Set(rackOf.values()).size;

  const result: number[][] = [];
  let shift = initialShift;
  for (let p = firstPartition; p < firstPartition + partitions; p++) {
    if (p > 0 && p % n === 0) shift += 1;
    const first = (p + startIndex) % n;
    const leader = list[first].id;
    const replicas = [leader];
    if (!rackAware) {
      for (let j = 0; j < replicationFactor - 1; j++) replicas.push(list[replicaIndex(first, shift, j, n)].id);
    } else {
      const racksUsed = new Set([rackOf.get(leader)!]);
      const brokersUsed = new Set([leader]);
      let k = 0;
      while (replicas.length < replicationFactor) {
        const candidate = list[replicaIndex(first, shift * numRacks, k, n)].id;
        const rack = rackOf.get(candidate)!;
        k += 1;
        // Skip a broker whose rack already holds a replica while some rack holds none, and a broker that already
        // holds a replica while some broker holds none (Kafka's rule, in this order).
        if (racksUsed.has(rack) && racksUsed.size < numRacks) continue;
        if (brokersUsed.has(candidate) && brokersUsed.size < n) continue;
        replicas.push(candidate);
        racksUsed.add(rack);
        brokersUsed.add(candidate);
      }
    }
    result.push(replicas);
  }
  return result;
}

function replicaIndex(firstReplicaIndex: number, secondReplicaShift: number, replicaIndex: number, nBrokers: number): number {
  if (nBrokers === 1) return firstReplicaIndex;
  const shift = 1 + ((secondReplicaShift + replicaIndex) % (nBrokers - 1));
  return (firstReplicaIndex + shift) % nBrokers;
}

/**
 * Brokers ordered so that racks alternate: racks sorted by name, brokers within a rack by id, then one broker
 * from each rack in turn (Kafka's getRackAlternatedBrokerList). Brokers without a rack form one group.
 */
export function rackAlternatedBrokerList(brokers: readonly PlacementBroker[]): PlacementBroker[] {
  const byRack = new Map<string, PlacementBroker[]>();
  for (const b of [...brokers].sort((x, y) => x.id - y.id)) {
    const key = b.rack ?? '';
    const group = byRack.get(key);
    if (group) group.push(b);
    else byRack.set(key, [b]);
  }
  const racks = [...byRack.keys()].sort();
  const cursors = new Map(racks.map((r) => [r, 0]));
  const result: PlacementBroker[] = [];
  let rackIndex = 0;
  while (result.length < brokers.length) {
    const rack = racks[rackIndex];
    const group = byRack.get(rack)!;
    const cursor = cursors.get(rack)!;
    if (cursor < group.length) {
      result.push(group[cursor]);
      cursors.set(rack, cursor + 1);
    }
    rackIndex = (rackIndex + 1) % racks.length;
  }
  return result;
}

/**
 * Kafka's fixed start index for adding partitions to an existing topic (AdminZkClient.createPartitions):
 * the position, in the id-sorted broker list, of the first broker whose id is >= the first replica of partition 0, or 0.
 */
export function startIndexForNewPartitions(brokers: readonly PlacementBroker[], partition0Replicas: readonly number[]): number {
  if (partition0Replicas.length === 0) return 0;
  const sorted = [...brokers].sort((a, b) => a.id - b.id);
  return Math.max(0, sorted.findIndex((b) => b.id >= partition0Replicas[0]));
}
