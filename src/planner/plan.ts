/**
 * The plan: plain, serialisable, versioned data. `plan(desired, actual, options)` produces it;
 * renderers print it; the reconciler executes it. Bump PLAN_FORMAT_VERSION on any breaking change
 * and document the format in README.md ("Plan JSON format").
 */
import type { SourceLocation } from '../model/desired-state.js';
import type { PartitionMove, Reassignment } from './reassignment/types.js';

export const PLAN_FORMAT_VERSION = 1 as const;

export interface ConfigChange {
  readonly name: string;
  /** Current value in the cluster (null = not set / default). */
  readonly from: string | null;
  /** New value; null = remove the dynamic override (back to the cluster default). */
  readonly to: string | null;
  /** For removals: the value the topic falls back to, when known. */
  readonly defaultValue?: string | null;
}

export interface CreateTopicAction {
  readonly kind: 'create-topic';
  readonly topic: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  /** Configs that differ from or are not known to equal the cluster default; all are sent. */
  readonly configs: Readonly<Record<string, string>>;
  /**
   * Replica broker ids per partition, partition 0 first (by the topic's placement strategy, or the YAML's static
   * assignment); undefined = let the cluster place replicas (only when the cluster lists no brokers).
   */
  readonly replicaAssignment?: readonly (readonly number[])[];
}

export interface UpdateConfigsAction {
  readonly kind: 'update-configs';
  readonly topic: string;
  readonly changes: readonly ConfigChange[];
}

export interface AddPartitionsAction {
  readonly kind: 'add-partitions';
  readonly topic: string;
  readonly from: number;
  readonly to: number;
  /**
   * Replica lists of the new partitions (partition `from` first), with the topic's current replication factor;
   * undefined = let the cluster place them.
   */
  readonly replicaAssignment?: readonly (readonly number[])[];
}

export interface DeleteTopicAction {
  readonly kind: 'delete-topic';
  readonly topic: string;
  readonly partitions: number;
}

/**
 * One partition's new replica list (`from`/`to` full lists, preferred leader first; `sizeBytes` 0 when unknown).
 * Defined by the reassignment builder (./reassignment/types.ts). A move whose replica SET is unchanged only
 * reorders the list: a preferred-leader change, no data moves.
 */
export type { PartitionMove } from './reassignment/types.js';

export const REASSIGN_REASONS = ['replication-factor', 'decommission', 'placement', 'rebalance'] as const;
/**
 * Why a topic's partitions move. A topic has at most one reassign action; when several causes apply, the
 * first in REASSIGN_REASONS order names it.
 */
export type ReassignReason = (typeof REASSIGN_REASONS)[number];

export interface ReassignPartitionsAction {
  readonly kind: 'reassign-partitions';
  readonly topic: string;
  readonly reason: ReassignReason;
  /** By partition; each partition at most once. */
  readonly moves: readonly PartitionMove[];
}

export type PlanAction =
  | CreateTopicAction
  | UpdateConfigsAction
  | AddPartitionsAction
  | ReassignPartitionsAction
  | DeleteTopicAction;

export type PlanActionKind = PlanAction['kind'];

export interface PlanIssue {
  /** Stable machine code, e.g. "partition-decrease", "protected-topic" (PLAN_ISSUE_CODES). */
  readonly code: string;
  readonly topic?: string;
  readonly message: string;
  readonly source?: SourceLocation;
}

export interface PlanSummary {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

export interface Plan {
  readonly formatVersion: typeof PLAN_FORMAT_VERSION;
  /**
   * fingerprintClusterState() of the cluster state the plan was made from: applying a saved plan should refuse
   * when the cluster's fingerprint is no longer this one.
   */
  readonly clusterFingerprint: string;
  readonly actions: readonly PlanAction[];
  /** Errors block apply. */
  readonly errors: readonly PlanIssue[];
  /** Warnings are shown; the `strict` option turns them into errors. */
  readonly warnings: readonly PlanIssue[];
  readonly summary: PlanSummary;
  /**
   * Batches, throttles, ETA and per-broker before/after of every reassign-partitions move (planReassignment);
   * absent when nothing moves. Its errors and warnings are also in the plan's own lists.
   */
  readonly reassignment?: Reassignment;
}

export function hasChanges(plan: Plan): boolean {
  return plan.actions.length > 0;
}
