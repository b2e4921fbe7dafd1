/**
 * Plan issue codes and constructors. Codes are stable strings: scripts match on them, so never rename one.
 */
import type { SourceLocation } from '../model/desired-state.js';
import type { PlanIssue } from './plan.js';

export const PLAN_ISSUE_CODES = [
  /** Error: the YAML asks for fewer partitions than the topic has; Kafka cannot remove partitions. */
  'partition-decrease',
  /** Error: the replication factor differs; needs a partition reassignment, which apply does not do yet. */
  'rf-change-unsupported',
  /** Error: a desired topic matches a protected pattern or is a Kafka-internal topic. */
  'protected-topic',
  /** Error: a protectedTopics entry is not a valid regular expression. */
  'invalid-protected-pattern',
  /** Error: the same topic name appears more than once in the desired state. */
  'duplicate-topic',
  /** Error: a new topic asks for more replicas than the cluster has brokers. */
  'replication-factor-too-high',
  /** Error: a static replicaAssignment does not fit the topic (count, RF, duplicates, unknown brokers). */
  'invalid-replica-assignment',
  /** Warning: the YAML sets a config listed in ignoredConfigs; topicops leaves it alone. */
  'ignored-config-in-spec',
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
