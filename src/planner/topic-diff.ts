/**
 * Per-topic planning: what to do for one desired topic, given its cluster state (or none): configs, partitions,
 * and replica lists (./topic-replicas.ts). Pure apart from the placement context's running counts; returns
 * actions and issues, never throws for bad input.
 */
import { replicationFactorOf, type TopicState } from '../model/cluster-state.js';
import type { TopicSpec } from '../model/desired-state.js';
import type { PlanAction, PlanIssue } from './plan.js';
import { diffTopicConfigs } from './config-diff.js';
import { issue } from './issues.js';
import type { PlacementContext, TopicPlacement } from './placement-context.js';
import { placeNewTopic, planTopicReplicas, type ReplicaPlan } from './topic-replicas.js';

export interface TopicPlan {
  /** create-topic, update-configs, add-partitions (reassignments are assembled after the cluster-wide stage). */
  readonly actions: PlanAction[];
  readonly errors: PlanIssue[];
  readonly warnings: PlanIssue[];
  /** Replica lists after per-topic placement; absent when the topic's replicas were not planned (errors). */
  readonly replicas?: ReplicaPlan;
}

/**
 * The YAML's configs minus the ones topicops must not touch, with a warning per skipped name. Returns the spec's
 * own map when it sets none of them (nearly always): no copy per topic.
 */
function managedConfigs(spec: TopicSpec, unmanaged: ReadonlySet<string>, warnings: PlanIssue[]): Readonly<Record<string, string>> {
  let out: Record<string, string> | undefined;
  // for…in: the spec's config is a plain object (see config-diff.ts); no entry pairs per topic.
  for (const name in spec.config) {
    if (!unmanaged.has(name)) {
      if (out !== undefined) out[name] = spec.config[name];
      continue;
    }
    out ??= copyBefore(spec.config, name);
    warnings.push(
      issue('ignored-config-in-spec', spec.name, `config ${name} is ignored by topicops (ignoredConfigs or owned by reassignments); the value in the YAML is not applied`, spec.source),
    );
  }
  return out ?? spec.config;
}

/** The entries of `record` that come before key `stop` (in enumeration order). */
function copyBefore(record: Readonly<Record<string, string>>, stop: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in record) {
    if (name === stop) break;
    out[name] = record[name];
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

/** RF above the topic's eligible brokers: Kafka's InvalidReplicationFactorException text (ReplicationControlManager). */
function checkReplicationFactor(spec: TopicSpec, placement: TopicPlacement, ctx: PlacementContext, errors: PlanIssue[]): boolean {
  if (ctx.brokers.size === 0 || spec.replicationFactor <= placement.eligibleCount) return true;
  errors.push(
    issue('replication-factor-too-high', spec.name, `Replication factor: ${spec.replicationFactor} larger than available brokers: ${placement.eligibleCount}.`, spec.source),
  );
  return false;
}

export function planNewTopic(spec: TopicSpec, placement: TopicPlacement, ctx: PlacementContext, unmanaged: ReadonlySet<string>): TopicPlan {
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];
  const rfOk = checkReplicationFactor(spec, placement, ctx, errors);
  const before = errors.length;
  checkReplicaAssignment(spec, new Set(ctx.brokers.keys()), errors);
  const configs = sortedRecord(managedConfigs(spec, unmanaged, warnings));
  let replicaAssignment: number[][] | undefined;
  if (rfOk && errors.length === before && ctx.brokers.size > 0) {
    const placed = placeNewTopic(spec, placement, ctx);
    errors.push(...placed.errors);
    replicaAssignment = placed.assignment;
  }
  const action: PlanAction = {
    kind: 'create-topic',
    topic: spec.name,
    partitions: spec.partitions,
    replicationFactor: spec.replicationFactor,
    configs,
    ...(replicaAssignment !== undefined ? { replicaAssignment } : {}),
  };
  return { actions: [action], errors, warnings };
}

export function planExistingTopic(
  spec: TopicSpec,
  actual: TopicState,
  placement: TopicPlacement,
  ctx: PlacementContext,
  unmanaged: ReadonlySet<string>,
): TopicPlan {
  const actions: PlanAction[] = [];
  const errors: PlanIssue[] = [];
  const warnings: PlanIssue[] = [];

  const changes = diffTopicConfigs(managedConfigs(spec, unmanaged, warnings), actual.configs, unmanaged, actual.managedConfigs);
  if (changes.length > 0) actions.push({ kind: 'update-configs', topic: spec.name, changes });

  const have = actual.partitions.length;
  if (spec.partitions < have) {
    errors.push(
      issue('partition-decrease', spec.name, `partitions ${have} → ${spec.partitions}: Kafka cannot remove partitions (the topic has ${have}, the YAML asks for ${spec.partitions})`, spec.source),
    );
  }

  let replicas: ReplicaPlan | undefined;
  const before = errors.length;
  const rfOk = checkReplicationFactor(spec, placement, ctx, errors);
  if (placement.strategy === 'static') checkReplicaAssignment(spec, new Set(ctx.brokers.keys()), errors);
  if (rfOk && errors.length === before && ctx.brokers.size > 0) {
    replicas = planTopicReplicas(spec, actual, placement, ctx);
    errors.push(...replicas.errors);
  } else if (ctx.brokers.size === 0 && have > 0 && spec.replicationFactor !== replicationFactorOf(actual)) {
    errors.push(issue('placement-impossible', spec.name, 'the cluster lists no brokers: cannot place replicas for the replication factor change', spec.source));
  }

  if (spec.partitions > have) {
    const added = replicas !== undefined && replicas.errors.length === 0 && replicas.added.length > 0 ? replicas.added : undefined;
    actions.push({ kind: 'add-partitions', topic: spec.name, from: have, to: spec.partitions, ...(added ? { replicaAssignment: added } : {}) });
  }
  return replicas !== undefined && replicas.errors.length === 0 ? { actions, errors, warnings, replicas } : { actions, errors, warnings };
}
