/**
 * Per-topic planning: what to do for one desired topic, given its cluster state (or none).
 * Pure: returns actions and issues, never throws for bad input.
 */
import { replicationFactorOf, type ClusterState, type TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import type { PlanAction, PlanIssue } from './plan.js';
import { diffTopicConfigs } from './config-diff.js';
import { issue } from './issues.js';

export interface TopicPlan {
  readonly actions: PlanAction[];
  readonly errors: PlanIssue[];
  readonly warnings: PlanIssue[];
}

/** The YAML's configs minus the ones topicops must not touch, with a warning per skipped name. */
function managedConfigs(spec: TopicSpec, unmanaged: ReadonlySet<string>, warnings: PlanIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(spec.config)) {
    if (unmanaged.has(name)) {
      warnings.push(
        issue('ignored-config-in-spec', spec.name, `config ${name} is ignored by topicops (ignoredConfigs or owned by reassignments); the value in the YAML is not applied`, spec.source),
      );
      continue;
    }
    out[name] = value;
  }
  return out;
}

function sortedRecord(record: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of Object.keys(record).sort()) out[key] = record[key];
  return out;
}

function checkReplicaAssignment(spec: TopicSpec, brokerIds: ReadonlySet<number>, errors: PlanIssue[]): void {
  const assignment = spec.replicaAssignment;
  if (assignment === undefined) return;
  const fail = (message: string): void => {
    errors.push(issue('invalid-replica-assignment', spec.name, message, spec.source));
  };
  if (assignment.length !== spec.partitions) {
    fail(`replicaAssignment lists ${assignment.length} partitions but the topic has ${spec.partitions}`);
  }
  assignment.forEach((replicas, partition) => {
    if (replicas.length !== spec.replicationFactor) {
      fail(`partition ${partition} has ${replicas.length} replicas but the replication factor is ${spec.replicationFactor}`);
    }
    if (new Set(replicas).size !== replicas.length) {
      fail(`partition ${partition} lists a broker more than once: [${replicas.join(', ')}]`);
    }
    const unknown = replicas.filter((id) => !brokerIds.has(id));
    if (brokerIds.size > 0 && unknown.length > 0) {
      fail(`partition ${partition} uses brokers that are not in the cluster: ${unknown.join(', ')}`);
    }
  });
}

export function planNewTopic(spec: TopicSpec, cluster: ClusterState, unmanaged: ReadonlySet<string>): TopicPlan {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const brokerCount = cluster.brokers.length;
  if (brokerCount > 0 && spec.replicationFactor > brokerCount) {
    // Kafka's InvalidReplicationFactorException text (ReplicationControlManager / AdminUtils).
    errors.push(
      issue('replication-factor-too-high', spec.name, `Replication factor: ${spec.replicationFactor} larger than available brokers: ${brokerCount}.`, spec.source),
    );
  }
  checkReplicaAssignment(spec, new Set(cluster.brokers.map((b) => b.id)), errors);
  const configs = sortedRecord(managedConfigs(spec, unmanaged, warnings));
  const action: PlanAction =
    spec.replicaAssignment === undefined
      ? { kind: 'create-topic', topic: spec.name, partitions: spec.partitions, replicationFactor: spec.replicationFactor, configs }
      : {
          kind: 'create-topic',
          topic: spec.name,
          partitions: spec.partitions,
          replicationFactor: spec.replicationFactor,
          configs,
          replicaAssignment: spec.replicaAssignment.map((replicas) => [...replicas]),
        };
  return { actions: [action], errors, warnings };
}

export function planExistingTopic(spec: TopicSpec, actual: TopicState, unmanaged: ReadonlySet<string>): TopicPlan {
  const actions: PlanAction[] = [];
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];

  const changes = diffTopicConfigs(managedConfigs(spec, unmanaged, warnings), actual.configs, unmanaged);
  if (changes.length > 0) actions.push({ kind: 'update-configs', topic: spec.name, changes });

  const have = actual.partitions.length;
  if (spec.partitions > have) {
    actions.push({ kind: 'add-partitions', topic: spec.name, from: have, to: spec.partitions });
  } else if (spec.partitions < have) {
    errors.push(
      issue('partition-decrease', spec.name, `partitions ${have} → ${spec.partitions}: Kafka cannot remove partitions (the topic has ${have}, the YAML asks for ${spec.partitions})`, spec.source),
    );
  }

  const rf = replicationFactorOf(actual);
  if (have > 0 && spec.replicationFactor !== rf) {
    actions.push({ kind: 'change-replication-factor', topic: spec.name, from: rf, to: spec.replicationFactor });
    errors.push(
      issue('rf-change-unsupported', spec.name, `replication factor ${rf} → ${spec.replicationFactor} needs a partition reassignment; not supported by apply yet`, spec.source),
    );
  }
  return { actions, errors, warnings };
}
