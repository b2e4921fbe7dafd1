/**
 * Plan issue codes and constructors. Codes are stable strings: scripts match on them, so never rename one.
 */
import type { SourceLocation } from '../model/desired-state.js';
import type { PlanIssue } from './plan.js';

export const PLAN_ISSUE_CODES = [
  /** Error: the YAML asks for fewer partitions than the topic has; Kafka cannot remove partitions. */
  'partition-decrease',
  /** Error: a desired topic matches a protected pattern or is a Kafka-internal topic (or a plan action touches one). */
  'protected-topic',
  /** Error: a protectedTopics entry is not a valid regular expression. */
  'invalid-protected-pattern',
  /** Error: the same topic name appears more than once in the desired state. */
  'duplicate-topic',
  /** Error: a topic asks for more replicas than it has eligible brokers. */
  'replication-factor-too-high',
  /** Error: a static replicaAssignment does not fit the topic (count, RF, duplicates, unknown brokers). */
  'invalid-replica-assignment',
  /** Error: the replication factor is below min.insync.replicas: every acks=all write would fail. */
  'replication-factor-below-min-insync',
  /** Error: the topic's strategy cannot place its replicas (unknown strategy, racks on some brokers only, too few brokers online). */
  'placement-impossible',
  /** Error: a create or add-partitions assignment puts a replica on an offline broker (moves: the reassignment builder's check). */
  'move-to-offline-broker',
  /** Warning: the YAML sets a config listed in ignoredConfigs; topicops leaves it alone. */
  'ignored-config-in-spec',
  /** Warning: partitions are added to a topic with keyed data (or compacted): the key → partition mapping changes. */
  'keyed-partition-increase',
  /** Warning: cleanup.policy goes from compact to delete: retention will delete the compacted history. */
  'compact-to-delete',
  /** Warning: an excluded broker still holds replicas after the plan (protected or static topics, or no broker can take them). */
  'decommission-incomplete',
  /** Warning: rebalance could not bring every broker within ±1 replica / preferred leader (rules leave no move). */
  'rebalance-incomplete',
  /** Warning: excludedBrokers names a broker the cluster does not have. */
  'unknown-excluded-broker',
] as const;
export type PlanIssueCode = (typeof PLAN_ISSUE_CODES)[number];

export function issue(code: PlanIssueCode, topic: string | undefined, message: string, source?: SourceLocation): PlanIssue {
  const out: { code: string; topic?: string; message: string; source?: SourceLocation } = { code, message };
  if (topic !== undefined) out.topic = topic;
  if (source !== undefined) out.source = source;
  return out;
}

/** Code-unit string order: locale-independent, so plans are byte-identical on every machine. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function compareIssues(a: PlanIssue, b: PlanIssue): number {
  return (
    compareStrings(a.topic ?? '', b.topic ?? '') ||
    compareStrings(a.code, b.code) ||
    compareStrings(a.message, b.message)
  );
}
