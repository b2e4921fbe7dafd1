/**
 * Checks partition moves against the cluster and classifies them (leadership-only, shrink-only, copy).
 * A move with an error is reported and left out; a move whose target equals its current list is no move and
 * is dropped. Pure; the result does not depend on the order of the input moves.
 */
import type { ClusterState, PartitionState } from '../../model/cluster-state.js';
import { compareIssues, compareStrings } from '../issues.js';
import type { PlanIssue } from '../plan.js';
import { partitionName, replicaList } from './format.js';
import { reassignmentIssue, type MoveKind, type PartitionMove, type PlannedMove } from './types.js';

export interface MoveAnalysis {
  /** Valid moves, sorted by topic, then partition. */
  readonly moves: readonly PlannedMove[];
  readonly errors: readonly PlanIssue[];
}

export function compareMoves(a: { topic: string; partition: number }, b: { topic: string; partition: number }): number {
  return compareStrings(a.topic, b.topic) || a.partition - b.partition;
}

/** Whether each move sorts strictly before the next (so no partition is moved twice): then no sort is needed. */
export function isStrictlyOrdered(moves: readonly { topic: string; partition: number }[]): boolean {
  for (let i = 1; i < moves.length; i++) if (!(compareMoves(moves[i - 1], moves[i]) < 0)) return false;
  return true;
}

function isNonNegativeInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

// Replica lists are short (the replication factor): plain loops and `includes` beat building sets, and these
// helpers run once or twice per move, so they allocate nothing unless there is something to report.

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function hasDuplicates(list: readonly number[]): boolean {
  for (let i = 1; i < list.length; i++) for (let j = 0; j < i; j++) if (list[i] === list[j]) return true;
  return false;
}

/** The ids listed more than once, ascending. */
function duplicatesOf(list: readonly number[]): number[] {
  const seen = new Set<number>();
  const dup = new Set<number>();
  for (const id of list) (seen.has(id) ? dup : seen).add(id);
  return [...dup].sort((x, y) => x - y);
}

interface BrokerStatus {
  readonly online: ReadonlySet<number>;
  allOnline(ids: readonly number[]): boolean;
  /** Online brokers and brokers that hold replicas (known to the cluster, possibly offline). */
  known(id: number): boolean;
}

/** Online = listed in the metadata and not marked `online: false` (registered but fenced / shut down). */
export function onlineBrokerIds(state: ClusterState): Set<number> {
  return new Set(state.brokers.filter((b) => b.online !== false).map((b) => b.id));
}

/** `known` scans every replica list only when a target is not an online broker (rare: then it is an error anyway). */
function brokerStatus(state: ClusterState): BrokerStatus {
  const online = onlineBrokerIds(state);
  let known: Set<number> | null = null;
  return {
    online,
    allOnline(ids) {
      for (let i = 0; i < ids.length; i++) if (!online.has(ids[i])) return false;
      return true;
    },
    known(id) {
      if (online.has(id)) return true;
      if (known === null) {
        known = new Set<number>(state.brokers.map((b) => b.id));
        for (const topic of Object.values(state.topics)) {
          for (const p of topic.partitions) for (const r of p.replicas) known.add(r);
        }
      }
      return known.has(id);
    },
  };
}

function partitionsAtOwnIndex(partitions: readonly PartitionState[]): boolean {
  for (let i = 0; i < partitions.length; i++) if (partitions[i].partition !== i) return false;
  return true;
}

/**
 * Finds moved partitions in the cluster. Sorted moves come topic by topic, so a topic is looked up (and checked
 * for the usual layout, partition i at index i) once per run of moves; then a partition is found by its index.
 */
class PartitionFinder {
  private topicName: string | undefined;
  private partitions: readonly PartitionState[] | undefined;
  private atOwnIndex = false;

  constructor(private readonly state: ClusterState) {}

  find(topic: string, partition: number): PartitionState | undefined {
    if (topic !== this.topicName) this.enterTopic(topic);
    const partitions = this.partitions;
    if (partitions === undefined) return undefined;
    if (this.atOwnIndex) return partitions[partition];
    return partitions.find((p) => p.partition === partition);
  }

  private enterTopic(topic: string): void {
    this.topicName = topic;
    this.partitions = Object.hasOwn(this.state.topics, topic) ? this.state.topics[topic].partitions : undefined;
    this.atOwnIndex = this.partitions !== undefined && partitionsAtOwnIndex(this.partitions);
  }
}

/** The ids of `list` that are not in `other`, in list order. */
function missingFrom(list: readonly number[], other: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) if (!other.includes(list[i])) out.push(list[i]);
  return out;
}

function classify(move: PartitionMove, current: PartitionState): PlannedMove {
  const added = missingFrom(move.to, move.from);
  const removed = missingFrom(move.from, move.to);
  const kind: MoveKind = added.length > 0 ? 'copy' : removed.length > 0 ? 'shrink-only' : 'leadership-only';
  const sourceBroker = current.leader >= 0 && move.from.includes(current.leader) ? current.leader : move.from[0];
  return {
    topic: move.topic,
    partition: move.partition,
    // Shared with the move it came from, not copied: plans are data, never mutated (tens of thousands of moves).
    from: move.from,
    to: move.to,
    kind,
    added,
    removed,
    sizeBytes: move.sizeBytes,
    bytesCopied: move.sizeBytes * added.length,
    leaderChange: move.from[0] !== move.to[0],
    sourceBroker,
  };
}

/** "orders.v1-3", built only for a message: most moves have none. */
function nameOf(move: PartitionMove): string {
  return partitionName(move.topic, move.partition);
}

/** The first problem that keeps a move out of the plan, or the partition it moves. */
function checkMove(move: PartitionMove, partitions: PartitionFinder, brokers: BrokerStatus): PlanIssue | PartitionState {
  if (!isNonNegativeInteger(move.partition)) {
    return reassignmentIssue('invalid-move', move.topic, `partition number ${move.partition} is not a non-negative integer`);
  }
  if (!isNonNegativeInteger(move.sizeBytes)) {
    return reassignmentIssue('invalid-move', move.topic, `${nameOf(move)}: size ${move.sizeBytes} is not a non-negative integer`);
  }
  if (move.to.length === 0) {
    return reassignmentIssue('empty-target', move.topic, `${nameOf(move)}: Partition replica list cannot be empty`);
  }
  if (hasDuplicates(move.to)) {
    return reassignmentIssue(
      'duplicate-broker-in-target',
      move.topic,
      `Partition replica lists may not contain duplicate entries: ${nameOf(move)} contains multiple entries for ${duplicatesOf(move.to).join(',')}`,
    );
  }
  const current = partitions.find(move.topic, move.partition);
  if (current === undefined) {
    return reassignmentIssue('unknown-partition', move.topic, `Unable to find partition: ${nameOf(move)}`);
  }
  if (!sameList(current.replicas, move.from)) {
    return reassignmentIssue(
      'stale-move-source',
      move.topic,
      `${nameOf(move)}: the move starts from ${replicaList(move.from)} but the cluster has ${replicaList(current.replicas)}`,
    );
  }
  if (brokers.allOnline(move.to)) return current;
  const unknown = move.to.filter((id) => !brokers.known(id));
  if (unknown.length > 0) {
    return reassignmentIssue('move-to-offline-broker', move.topic, `${nameOf(move)}: Unknown broker id ${unknown[0]}`);
  }
  const offline = move.to.filter((id) => !brokers.online.has(id));
  if (offline.length > 0) {
    const what = offline.length === 1 ? `broker ${offline[0]} is` : `brokers ${offline.join(', ')} are`;
    const message = `${nameOf(move)}: target ${replicaList(move.to)} is not reachable: ${what} offline`;
    return reassignmentIssue('move-to-offline-broker', move.topic, message);
  }
  return current;
}

function isIssue(result: PlanIssue | PartitionState): result is PlanIssue {
  return (result as PlanIssue).code !== undefined;
}

function moveKey(m: { readonly topic: string; readonly partition: number }): string {
  return `${m.topic}\u0000${m.partition}`;
}

function allValidPartitions(moves: readonly PartitionMove[]): boolean {
  for (let i = 0; i < moves.length; i++) if (!isNonNegativeInteger(moves[i].partition)) return false;
  return true;
}

/**
 * Keys of partitions moved more than once. Sorted moves with valid partition numbers have their duplicates next to each
 * other, so no key is built unless there is one; otherwise (an invalid partition number sorts unpredictably) count keys.
 */
function duplicatedKeys(sorted: readonly PartitionMove[]): Set<string> {
  const out = new Set<string>();
  if (allValidPartitions(sorted)) {
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i].partition === sorted[i - 1].partition && sorted[i].topic === sorted[i - 1].topic) out.add(moveKey(sorted[i]));
    }
    return out;
  }
  const counts = new Map<string, number>();
  for (const m of sorted) counts.set(moveKey(m), (counts.get(moveKey(m)) ?? 0) + 1);
  for (const [key, n] of counts) if (n > 1) out.add(key);
  return out;
}

export function analyseMoves(moves: readonly PartitionMove[], state: ClusterState): MoveAnalysis {
  const brokers = brokerStatus(state);
  const partitions = new PartitionFinder(state);
  // Placement hands its moves over sorted: then they need no copy, no sort and no duplicate search.
  const ordered = isStrictlyOrdered(moves) && allValidPartitions(moves);
  const sorted = ordered
    ? moves
    : [...moves].sort((a, b) => compareMoves(a, b) || compareStrings(replicaList(a.to), replicaList(b.to)));
  const duplicated = ordered ? new Set<string>() : duplicatedKeys(sorted);

  const planned: PlannedMove[] = [];
  const errors: PlanIssue[] = [];
  const reportedDuplicates = new Set<string>();
  for (let i = 0; i < sorted.length; i++) {
    const move = sorted[i];
    const key = duplicated.size === 0 ? '' : moveKey(move);
    if (duplicated.has(key)) {
      if (!reportedDuplicates.has(key)) {
        reportedDuplicates.add(key);
        errors.push(
          reassignmentIssue(
            'duplicate-partition-move',
            move.topic,
            `Partition reassignment contains duplicate topic partitions: ${partitionName(move.topic, move.partition)}`,
          ),
        );
      }
      continue;
    }
    const checked = checkMove(move, partitions, brokers);
    if (isIssue(checked)) {
      errors.push(checked);
      continue;
    }
    if (sameList(move.from, move.to)) continue;
    planned.push(classify(move, checked));
  }
  return { moves: planned, errors: errors.sort(compareIssues) };
}
