/**
 * The plan: plain, serialisable, versioned data. `plan(desired, actual, options)` produces it;
 * renderers print it; the reconciler executes it. Bump PLAN_FORMAT_VERSION on any breaking change
 * and document the format in README.md ("Plan JSON format").
 */
import type { SourceLocation } from '../model/desired-state.js';

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
  /** Explicit replica assignment (static placement); undefined = let the cluster place replicas. */
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
}

export interface DeleteTopicAction {
  readonly kind: 'delete-topic';
  readonly topic: string;
  readonly partitions: number;
}

/** A replication-factor change: needs a partition reassignment (executed by a later issue). */
export interface ChangeReplicationFactorAction {
  readonly kind: 'change-replication-factor';
  readonly topic: string;
  readonly from: number;
  readonly to: number;
}

export type PlanAction =
  | CreateTopicAction
  | UpdateConfigsAction
  | AddPartitionsAction
  | DeleteTopicAction
  | ChangeReplicationFactorAction;

export type PlanActionKind = PlanAction['kind'];

export interface PlanIssue {
  /** Stable machine code, e.g. "partition-decrease", "protected-topic", "rf-change-unsupported". */
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
  readonly actions: readonly PlanAction[];
  /** Errors block apply. */
  readonly errors: readonly PlanIssue[];
  /** Warnings are shown; `--strict` (later) turns them into errors. */
  readonly warnings: readonly PlanIssue[];
  readonly summary: PlanSummary;
}

export function hasChanges(plan: Plan): boolean {
  return plan.actions.length > 0;
}
