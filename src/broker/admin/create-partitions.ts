/**
 * CreatePartitions semantics (ReplicationControlManager.createPartitions, with the ZooKeeper-era wording for
 * counts that do not grow): decides one topic against the current model without changing it.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { CreatePartitionsTopic } from '../../protocol/generated/CreatePartitionsRequest.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { assignReplicas, PlacementError, startIndexForNewPartitions } from '../placement.js';
import { apiError, type ApiError } from './api-error.js';
import { invalidAssignmentReason } from './assignments.js';

/** Replica lists of the partitions to add, or the error Kafka answers with. */
export function decidePartitionIncrease(
  model: ClusterModel,
  request: CreatePartitionsTopic,
): { assignment: number[][] } | { error: ApiError } {
  const topic = model.topic(request.name);
  if (!topic) return { error: apiError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) };
  const current = topic.partitions.length;
  if (request.count === current) {
    return { error: apiError(ErrorCode.INVALID_PARTITIONS, `Topic already has ${current} partitions.`) };
  }
  if (request.count < current) {
    return {
      error: apiError(ErrorCode.INVALID_PARTITIONS, `Topic currently has ${current} partitions, which is higher than the requested ${request.count}.`),
    };
  }
  const additional = request.count - current;
  const rf = topic.partitions[0]?.replicas.length ?? 0;
  if (request.assignments !== null) {
    if (request.assignments.length !== additional) {
      return {
        error: apiError(
          ErrorCode.INVALID_REPLICA_ASSIGNMENT,
          `Attempted to add ${additional} additional partition(s), but only ${request.assignments.length} assignment(s) were specified.`,
        ),
      };
    }
    for (const a of request.assignments) {
      const reason = invalidAssignmentReason(model, a.brokerIds, rf);
      if (reason !== null) return { error: apiError(ErrorCode.INVALID_REPLICA_ASSIGNMENT, reason) };
    }
    return { assignment: request.assignments.map((a) => [...a.brokerIds]) };
  }
  try {
    const startIndex = startIndexForNewPartitions(model.brokers(), topic.partitions[0]?.replicas ?? []);
    return { assignment: assignReplicas(model.brokers(), additional, rf, { startIndex, startPartitionId: current }) };
  } catch (e) {
    if (!(e instanceof PlacementError)) throw e;
    return { error: apiError(ErrorCode.INVALID_REPLICATION_FACTOR, `Unable to replicate the partition ${rf} time(s): ${e.message}`) };
  }
}
