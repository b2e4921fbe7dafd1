/**
 * AlterPartitionReassignments (key 45), version 0 (flexible).
 *
 * Per partition: a target replica list starts (or replaces) a reassignment, `null` cancels the ongoing one
 * (replication/reassignment.ts has the semantics: adding/removing replicas, completion once every target replica
 * is in the ISR, leadership moving to the first target replica when the leader is removed). Errors as Kafka's
 * controller gives them: UNKNOWN_TOPIC_OR_PARTITION, INVALID_REPLICA_ASSIGNMENT (empty list, a broker twice, a
 * broker that does not exist), NO_REASSIGNMENT_IN_PROGRESS (cancel with nothing to cancel).
 * Leaves out: `timeoutMs` (the change is made before answering), allowReplicationFactorChange (v1+).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { AlterPartitionReassignmentsRequest } from '../../protocol/generated/AlterPartitionReassignmentsRequest.js';
import type { AlterPartitionReassignmentsResponse, ReassignablePartitionResponse } from '../../protocol/generated/AlterPartitionReassignmentsResponse.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { replicaManagerOf } from '../replication/attach.js';
import { isReassigning } from '../replication/reassignment.js';
import type { ApiHandler } from './types.js';

/** Why a target replica list is refused (Kafka's KRaft wording), or null. */
export function invalidTargetReason(cluster: ClusterModel, replicas: readonly number[]): string | null {
  if (replicas.length === 0) return 'The manual partition assignment includes an empty replica list.';
  const seen = new Set<number>();
  for (const r of replicas) {
    if (seen.has(r)) return `The manual partition assignment includes the broker ${r} more than once.`;
    seen.add(r);
    if (!cluster.hasBroker(r)) return `The manual partition assignment includes broker ${r}, but no such broker is registered.`;
  }
  return null;
}

const handler: ApiHandler<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse> = {
  apiKey: ApiKey.AlterPartitionReassignments,
  name: 'AlterPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  async handle(ctx, request) {
    const rm = replicaManagerOf(ctx.cluster);
    const answer = (partitionIndex: number, errorCode: number, errorMessage: string | null = null): ReassignablePartitionResponse => ({ partitionIndex, errorCode, errorMessage });
    const responses = request.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => {
        const partition = ctx.cluster.topic(t.name)?.partitions[p.partitionIndex];
        if (!partition) return answer(p.partitionIndex, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'The partition does not exist.');
        if (p.replicas === null) {
          if (!isReassigning(partition)) return answer(p.partitionIndex, ErrorCode.NO_REASSIGNMENT_IN_PROGRESS, null);
          rm.reassign(t.name, p.partitionIndex, null);
          return answer(p.partitionIndex, ErrorCode.NONE);
        }
        const invalid = invalidTargetReason(ctx.cluster, p.replicas);
        if (invalid) return answer(p.partitionIndex, ErrorCode.INVALID_REPLICA_ASSIGNMENT, invalid);
        rm.reassign(t.name, p.partitionIndex, p.replicas);
        return answer(p.partitionIndex, ErrorCode.NONE);
      }),
    }));
    await ctx.durable();
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, responses };
  },
};

export default handler;
