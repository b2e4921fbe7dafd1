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

function isNonNegativeInteger(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function duplicatesOf(list: readonly number[]): number[] {
  let any = false;
  for (let i = 1; i < list.length && !any; i++) for (let j = 0; j < i && !any; j++) any = list[i] === list[j];
  if (!any) return [];
  const seen = new Set<number>();
  const dup = new Set<number>();
  for (const id of list) (seen.has(id) ? dup : seen).add(id);
  return [...dup].sort((x, y) => x - y);
}

interface BrokerStatus {
  readonly online: ReadonlySet<number>;
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

function findPartition(state: ClusterState, topic: string, partition: number): PartitionState | undefined {
  const t = Object.hasOwn(state.topics, topic) ? state.topics[topic] : undefined;
  return t?.partitions.find((p) => p.partition === partition);
}

function classify(move: PartitionMove, current: PartitionState): PlannedMove {
  // Replica lists are short (the replication factor): `includes` beats building sets.
  const added = move.to.filter((id) => !move.from.includes(id));
  const removed = move.from.filter((id) => !move.to.includes(id));
  const kind: MoveKind = added.length > 0 ? 'copy' : removed.length > 0 ? 'shrink-only' : 'leadership-only';
  const sourceBroker = current.leader >= 0 && move.from.includes(current.leader) ? current.leader : move.from[0];
  return {
    topic: move.topic,
    partition: move.partition,
    from: [...move.from],
    to: [...move.to],
    kind,
    added,
    removed,
    sizeBytes: move.sizeBytes,
    bytesCopied: move.sizeBytes * added.length,
    leaderChange: move.from[0] !== move.to[0],
    sourceBroker,
  };
}

/** The first problem that keeps a move out of the plan, or the partition it moves. */
function checkMove(move: PartitionMove, state: ClusterState, brokers: BrokerStatus): PlanIssue | PartitionState {
  // Built only for a message: most moves have none.
  let partitionLabel: string | undefined;
  const name = (): string => (partitionLabel ??= partitionName(move.topic, move.partition));
  if (!isNonNegativeInteger(move.partition)) {
    return reassignmentIssue('invalid-move', move.topic, `partition number ${move.partition} is not a non-negative integer`);
  }
  if (!isNonNegativeInteger(move.sizeBytes)) {
    return reassignmentIssue('invalid-move', move.topic, `${name()}: size ${move.sizeBytes} is not a non-negative integer`);
  }
  if (move.to.length === 0) {
    return reassignmentIssue('empty-target', move.topic, `${name()}: Partition replica list cannot be empty`);
  }
  const dup = duplicatesOf(move.to);
  if (dup.length > 0) {
    return reassignmentIssue(
      'duplicate-broker-in-target',
      move.topic,
      `Partition replica lists may not contain duplicate entries: ${name()} contains multiple entries for ${dup.join(',')}`,
    );
  }
  const current = findPartition(state, move.topic, move.partition);
  if (current === undefined) {
    return reassignmentIssue('unknown-partition', move.topic, `Unable to find partition: ${name()}`);
  }
  if (!sameList(current.replicas, move.from)) {
    return reassignmentIssue(
      'stale-move-source',
      move.topic,
      `${name()}: the move starts from ${replicaList(move.from)} but the cluster has ${replicaList(current.replicas)}`,
    );
  }
  if (move.to.every((id) => brokers.online.has(id))) return current;
  const unknown = move.to.filter((id) => !brokers.known(id));
  if (unknown.length > 0) {
    return reassignmentIssue('move-to-offline-broker', move.topic, `${name()}: Unknown broker id ${unknown[0]}`);
  }
  const offline = move.to.filter((id) => !brokers.online.has(id));
  if (offline.length > 0) {
    const what = offline.length === 1 ? `broker ${offline[0]} is` : `brokers ${offline.join(', ')} are`;
    const message = `${name()}: target ${replicaList(move.to)} is not reachable: ${what} offline`;
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

/**
 * Keys of partitions moved more than once. Sorted moves with valid partition numbers have their duplicates next to each
 * other, so no key is built unless there is one; otherwise (an invalid partition number sorts unpredictably) count keys.
 */
function duplicatedKeys(sorted: readonly PartitionMove[]): Set<string> {
  const out = new Set<string>();
  if (sorted.every((m) => isNonNegativeInteger(m.partition))) {
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
  const sorted = [...moves].sort((a, b) => compareMoves(a, b) || compareStrings(replicaList(a.to), replicaList(b.to)));
  const duplicated = duplicatedKeys(sorted);

  const planned: PlannedMove[] = [];
  const errors: PlanIssue[] = [];
  const reportedDuplicates = new Set<string>();
  for (const move of sorted) {
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
    const checked = checkMove(move, state, brokers);
    if (isIssue(checked)) {
      errors.push(checked);
      continue;
    }
    if (sameList(move.from, move.to)) continue;
    planned.push(classify(move, checked));
  }
  return { moves: planned, errors: errors.sort(compareIssues) };
}
