/**
 * CreateTopics semantics (Kafka's ControllerApis.createTopics + ReplicationControlManager.createTopics), as a
 * function that decides every topic of a request against the current model without changing it. The handler
 * then applies the successes unless validateOnly. Topics of one request are checked against the state before
 * the request, as in Kafka (the controller commits them together).
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { CreatableTopic } from '../../protocol/generated/CreateTopicsRequest.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { assignReplicas, PlacementError } from '../placement.js';
import { apiError, type ApiError } from './api-error.js';
import { invalidAssignmentReason } from './assignments.js';
import { checkCreationConfigs, creationConfigMap } from './topic-config-checks.js';
import { CLUSTER_METADATA_TOPIC, invalidTopicNameReason } from './topic-names.js';

export interface CreateTopicsSettings {
  readonly defaultNumPartitions: number;
  readonly defaultReplicationFactor: number;
  readonly placementRng: () => number;
}

export type TopicCreation =
  | { readonly name: string; readonly ok: true; readonly assignment: number[][]; readonly configs: Record<string, string> }
  | { readonly name: string; readonly ok: false; readonly error: ApiError };

/** One outcome per distinct topic name: non-duplicates in request order, then one per duplicated name. */
export function decideTopicCreations(
  model: ClusterModel,
  topics: readonly CreatableTopic[],
  settings: CreateTopicsSettings,
): TopicCreation[] {
  const counts = new Map<string, number>();
  for (const t of topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
  const results: TopicCreation[] = [];
  for (const topic of topics) {
    if (counts.get(topic.name)! > 1) continue;
    const error = checkTopic(model, topic);
    if (error) {
      results.push({ name: topic.name, ok: false, error });
      continue;
    }
    const placed = placeTopic(model, topic, settings);
    results.push('error' in placed
      ? { name: topic.name, ok: false, error: placed.error }
      : { name: topic.name, ok: true, assignment: placed.assignment, configs: creationConfigMap(topic.configs) });
  }
  for (const [name, n] of counts) {
    if (n > 1) results.push({ name, ok: false, error: apiError(ErrorCode.INVALID_REQUEST, 'Duplicate topic name.') });
  }
  return results;
}

/** Name, existence and config checks, in Kafka's order (a later failing check wins over an earlier one). */
function checkTopic(model: ClusterModel, topic: CreatableTopic): ApiError | null {
  if (topic.name === CLUSTER_METADATA_TOPIC) {
    return apiError(ErrorCode.INVALID_REQUEST, `Creation of internal topic ${CLUSTER_METADATA_TOPIC} is prohibited.`);
  }
  let error: ApiError | null = null;
  const invalid = invalidTopicNameReason(topic.name);
  if (invalid !== null) error = apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, invalid);
  const colliding = model.collidingTopic(topic.name);
  if (colliding !== undefined) {
    error = apiError(ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic '${topic.name}' collides with existing topic: ${colliding}`);
  }
  if (model.topic(topic.name)) error = apiError(ErrorCode.TOPIC_ALREADY_EXISTS, `Topic '${topic.name}' already exists.`);
  if (error) return error;
  return checkCreationConfigs(topic.configs);
}

function placeTopic(
  model: ClusterModel,
  topic: CreatableTopic,
  settings: CreateTopicsSettings,
): { assignment: number[][] } | { error: ApiError } {
  if (topic.assignments.length > 0) return manualAssignment(model, topic);
  if (topic.replicationFactor < -1 || topic.replicationFactor === 0) {
    return { error: apiError(ErrorCode.INVALID_REPLICATION_FACTOR, 'Replication factor must be larger than 0, or -1 to use the default value.') };
  }
  if (topic.numPartitions < -1 || topic.numPartitions === 0) {
    return { error: apiError(ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.') };
  }
  const partitions = topic.numPartitions === -1 ? settings.defaultNumPartitions : topic.numPartitions;
  const rf = topic.replicationFactor === -1 ? settings.defaultReplicationFactor : topic.replicationFactor;
  try {
    return { assignment: assignReplicas(model.brokers(), partitions, rf, { rng: settings.placementRng }) };
  } catch (e) {
    if (!(e instanceof PlacementError)) throw e;
    const code = e.kind === 'INVALID_PARTITIONS' ? ErrorCode.INVALID_PARTITIONS : ErrorCode.INVALID_REPLICATION_FACTOR;
    const message = e.kind === 'INVALID_PARTITIONS' ? e.message : `Unable to replicate the partition ${rf} time(s): ${e.message}`;
    return { error: apiError(code, message) };
  }
}

function manualAssignment(model: ClusterModel, topic: CreatableTopic): { assignment: number[][] } | { error: ApiError } {
  if (topic.replicationFactor !== -1) {
    return { error: apiError(ErrorCode.INVALID_REQUEST, 'A manual partition assignment was specified, but replication factor was not set to -1.') };
  }
  if (topic.numPartitions !== -1) {
    return { error: apiError(ErrorCode.INVALID_REQUEST, 'A manual partition assignment was specified, but numPartitions was not set to -1.') };
  }
  const byPartition = new Map<number, number[]>();
  let rf: number | undefined;
  for (const a of topic.assignments) {
    if (byPartition.has(a.partitionIndex)) {
      return { error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `Found multiple manual partition assignments for partition ${a.partitionIndex}`) };
    }
    const reason = invalidAssignmentReason(model, a.brokerIds, rf);
    if (reason !== null) return { error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, reason) };
    rf = a.brokerIds.length;
    byPartition.set(a.partitionIndex, [...a.brokerIds]);
  }
  const assignment: number[][] = [];
  for (let i = 0; i < byPartition.size; i++) {
    const replicas = byPartition.get(i);
    if (!replicas) {
      return { error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions should be a consecutive 0-based integer sequence') };
    }
    assignment.push(replicas);
  }
  return { assignment };
}
