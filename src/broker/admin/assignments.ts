/** Kafka's checks of a manual replica assignment (ReplicationControlManager.validateManualPartitionAssignment). */
import type { ClusterModel } from '../model/cluster-model.js';

/** Why a manual replica list is refused (INVALID_REPLICA_ASSIGNMENT), or null. */
export function invalidAssignmentReason(
  model: ClusterModel,
  replicas: readonly number[],
  expectedReplicationFactor: number | undefined,
): string | null {
  if (replicas.length === 0) return 'The manual partition assignment includes an empty replica list.';
  const sorted = [...replicas].sort((a, b) => a - b);
  let previous: number | undefined;
  for (const id of sorted) {
    if (!model.hasBroker(id)) {
      return `The manual partition assignment includes broker ${id}, but no such broker is registered.`;
    }
    if (id === previous) return `The manual partition assignment includes the broker ${id} more than once.`;
    previous = id;
  }
  if (expectedReplicationFactor !== undefined && sorted.length !== expectedReplicationFactor) {
    return (
      `The manual partition assignment includes a partition with ${sorted.length} replica(s), but this is not ` +
      `consistent with previous partitions, which have ${expectedReplicationFactor} replica(s).`
    );
  }
  return null;
}
