/**
 * Types of a reassignment plan: partition moves in (from the placement strategies), batches, throttles and a
 * before/after preview out. Everything is plain, serialisable data (numbers, strings, arrays, records);
 * the reassignment is embedded in the Plan and executed batch by batch by the reconciler.
 */
import type { ClusterState } from '../../model/cluster-state.js';
import type { PlanIssue } from '../plan.js';

/** One partition whose replica list changes: the output of placement, the input of planReassignment. */
export interface PartitionMove {
  readonly topic: string;
  readonly partition: number;
  /** Current replica list; the first replica is the preferred leader. */
  readonly from: readonly number[];
  /** Target replica list. */
  readonly to: readonly number[];
  /** Size of the leader's log in bytes (DescribeLogDirs); 0 if unknown. */
  readonly sizeBytes: number;
}

export interface ReassignmentOptions {
  /** Replication throttle in bytes/s per broker (Kafka's `--throttle`); undefined = unthrottled, ETA unknown. */
  readonly throttleBytesPerSec?: number;
  /** Most concurrent moves one broker takes part in (as the sending leader or as a destination). Default 5. */
  readonly maxMovesPerBroker?: number;
  /** Most bytes copied by one batch; a single larger move gets a batch of its own. Default unlimited. */
  readonly maxBytesPerBatch?: number;
  /** Warn (`reassignment-over-budget`) when the whole reassignment copies more bytes than this. */
  readonly budgetBytes?: number;
}

export const DEFAULT_MAX_MOVES_PER_BROKER = 5;

export interface ReassignmentInput {
  readonly moves: readonly PartitionMove[];
  /**
   * Brokers, current replica lists, leaders and partition sizes. A broker is online when it is in `state.brokers`
   * and not marked `online: false`; a broker id that only appears in replica lists is known but offline.
   */
  readonly state: ClusterState;
  readonly options?: ReassignmentOptions;
}

/**
 * - `leadership-only`: same replica set, different order; nothing is copied (Kafka applies it at once, with an election).
 * - `shrink-only`: replicas are only removed; nothing is copied.
 * - `copy`: at least one replica is added; the leader sends `sizeBytes` to each new replica.
 */
export type MoveKind = 'leadership-only' | 'shrink-only' | 'copy';

export interface PlannedMove {
  readonly topic: string;
  readonly partition: number;
  readonly from: readonly number[];
  readonly to: readonly number[];
  readonly kind: MoveKind;
  /** Brokers in `to` but not in `from`, in target order. */
  readonly added: readonly number[];
  /** Brokers in `from` but not in `to`, in current order. */
  readonly removed: readonly number[];
  readonly sizeBytes: number;
  /** sizeBytes × added.length. */
  readonly bytesCopied: number;
  /** The first replica (preferred leader) changes. */
  readonly leaderChange: boolean;
  /** The broker that sends the data: the partition's current leader (the first current replica when it has none). */
  readonly sourceBroker: number;
}

/** What one broker does in one batch. */
export interface BrokerTraffic {
  readonly brokerId: number;
  /** Moves the broker takes part in, as sending leader or as destination. */
  readonly moves: number;
  /** Bytes the broker receives (it is a destination). */
  readonly bytesIn: number;
  /** Bytes the broker sends (it leads a moving partition). */
  readonly bytesOut: number;
}

/** Config entries to SET before a batch and DELETE after it (Kafka's IncrementalAlterConfigs, as data). */
export interface ThrottleConfigs {
  /** BROKER resources: `leader.replication.throttled.rate` and `follower.replication.throttled.rate`. */
  readonly brokers: readonly { readonly brokerId: number; readonly configs: Readonly<Record<string, string>> }[];
  /** TOPIC resources: `leader.replication.throttled.replicas` and `follower.replication.throttled.replicas`. */
  readonly topics: readonly { readonly topic: string; readonly configs: Readonly<Record<string, string>> }[];
}

export interface ReassignmentBatch {
  /** 1-based, in execution order. */
  readonly index: number;
  /** `instant`: leadership-only and shrink-only moves (always batch 1 when present); `copy`: moves that copy data. */
  readonly kind: 'instant' | 'copy';
  /** Sorted by topic, then partition. */
  readonly moves: readonly PlannedMove[];
  /** Bytes copied by the batch. */
  readonly bytes: number;
  /** Per broker taking part (copy batches only), sorted by broker id. */
  readonly traffic: readonly BrokerTraffic[];
  /** ceil(max over brokers of max(bytesIn, bytesOut) ÷ throttle); 0 for `instant`; null when unthrottled. */
  readonly durationSeconds: number | null;
  /** Throttles for this batch; null when unthrottled or for an `instant` batch. */
  readonly throttle: ThrottleConfigs | null;
}

export interface BrokerLoad {
  readonly replicas: number;
  /** Partitions whose first replica is this broker. */
  readonly preferredLeaders: number;
  /** Sum of the sizes of the partitions the broker holds a replica of. */
  readonly bytes: number;
}

export interface BrokerLoadRow {
  readonly brokerId: number;
  readonly rack: string | null;
  readonly online: boolean;
  readonly before: BrokerLoad;
  readonly after: BrokerLoad;
}

export interface ResolvedReassignmentOptions {
  readonly throttleBytesPerSec: number | null;
  readonly maxMovesPerBroker: number;
  readonly maxBytesPerBatch: number | null;
  readonly budgetBytes: number | null;
}

export interface ReassignmentSummary {
  /** Valid moves planned (all kinds). */
  readonly partitionMoves: number;
  readonly leadershipOnlyMoves: number;
  /** Bytes copied in total. */
  readonly bytes: number;
  readonly batches: number;
  /** Sum of the batch durations; null when unthrottled. */
  readonly etaSeconds: number | null;
  readonly throttleBytesPerSec: number | null;
}

export interface Reassignment {
  readonly options: ResolvedReassignmentOptions;
  readonly batches: readonly ReassignmentBatch[];
  /** Per-broker before/after table, sorted by broker id. */
  readonly brokers: readonly BrokerLoadRow[];
  /** Errors block apply; a move with an error is left out of the batches. */
  readonly errors: readonly PlanIssue[];
  readonly warnings: readonly PlanIssue[];
  readonly summary: ReassignmentSummary;
}

export const REASSIGNMENT_ISSUE_CODES = [
  /** Error: a target replica list names a broker that is offline or unknown. */
  'move-to-offline-broker',
  /** Error: a target replica list names a broker twice. */
  'duplicate-broker-in-target',
  /** Error: a target replica list is empty. */
  'empty-target',
  /** Error: the same partition is moved twice. */
  'duplicate-partition-move',
  /** Error: the moved partition does not exist in the cluster. */
  'unknown-partition',
  /** Error: a move's `from` is not the partition's current replica list (stale placement input). */
  'stale-move-source',
  /** Error: a partition number or size that is not a non-negative integer. */
  'invalid-move',
  /** Error: an option out of range; the default is used for the preview. */
  'invalid-reassignment-options',
  /** Warning: the reassignment copies more than `budgetBytes`. */
  'reassignment-over-budget',
] as const;
export type ReassignmentIssueCode = (typeof REASSIGNMENT_ISSUE_CODES)[number];

export function reassignmentIssue(code: ReassignmentIssueCode, topic: string | undefined, message: string): PlanIssue {
  return topic === undefined ? { code, message } : { code, topic, message };
}
