/**
 * Test fixtures for reassignment tests: a planned-move builder and the small example cluster used by the
 * renderer tests (text, Markdown, Kafka JSON). Not used by production code.
 */
import type { ClusterState } from '../../model/cluster-state.js';
import { ClusterStateBuilder } from '../testing/cluster-state-builder.js';
import { planReassignment } from './plan-reassignment.js';
import type { PartitionMove, PlannedMove, Reassignment, ReassignmentOptions } from './types.js';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

/** A PlannedMove as analyseMoves would build it; the sending leader defaults to the first current replica. */
export function plannedMove(
  topic: string,
  partition: number,
  from: readonly number[],
  to: readonly number[],
  sizeBytes: number,
  sourceBroker: number = from[0],
): PlannedMove {
  const added = to.filter((id) => !from.includes(id));
  const removed = from.filter((id) => !to.includes(id));
  return {
    topic,
    partition,
    from: [...from],
    to: [...to],
    kind: added.length > 0 ? 'copy' : removed.length > 0 ? 'shrink-only' : 'leadership-only',
    added,
    removed,
    sizeBytes,
    bytesCopied: sizeBytes * added.length,
    leaderChange: from[0] !== to[0],
    sourceBroker,
  };
}

/**
 * Four brokers (racks a, b, c, a); orders.v1 with 4 partitions of 812 MiB, payments with 2 of 100 MiB:
 *   orders.v1: [1,2,3] [2,3,1] [3,1,2] [1,2,3]    payments: [1,2] [2,3]
 */
export function exampleState(): ClusterState {
  return new ClusterStateBuilder()
    .brokers(4, { racks: ['a', 'b', 'c'] })
    .topic('orders.v1', { assignment: [[1, 2, 3], [2, 3, 1], [3, 1, 2], [1, 2, 3]], sizeBytes: 812 * MiB, defaults: false })
    .topic('payments', { assignment: [[1, 2], [2, 3]], sizeBytes: 100 * MiB, defaults: false })
    .build();
}

/** The state with the given brokers marked `online: false` (registered but not serving). */
export function withOffline(state: ClusterState, ids: readonly number[]): ClusterState {
  return { ...state, brokers: state.brokers.map((b) => (ids.includes(b.id) ? { ...b, online: false } : b)) };
}

/** One leadership-only move and two copies onto the empty broker 4. */
export const EXAMPLE_MOVES: readonly PartitionMove[] = [
  { topic: 'orders.v1', partition: 3, from: [1, 2, 3], to: [1, 2, 4], sizeBytes: 812 * MiB },
  { topic: 'orders.v1', partition: 0, from: [1, 2, 3], to: [2, 1, 3], sizeBytes: 812 * MiB },
  { topic: 'payments', partition: 1, from: [2, 3], to: [4, 3], sizeBytes: 100 * MiB },
];

export function exampleReassignment(options: ReassignmentOptions = { throttleBytesPerSec: 50 * MiB, maxMovesPerBroker: 1 }): Reassignment {
  return planReassignment({ state: exampleState(), moves: EXAMPLE_MOVES, options });
}
