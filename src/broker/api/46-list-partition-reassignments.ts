/**
 * ListPartitionReassignments (key 46), version 0 (flexible).
 *
 * Ongoing reassignments with their full replica set, adding and removing replicas; `topics` null lists every
 * ongoing one. Partitions asked for that are not moving (or do not exist) are left out, as Kafka does.
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ListPartitionReassignmentsRequest } from '../../protocol/generated/ListPartitionReassignmentsRequest.js';
import type { ListPartitionReassignmentsResponse, OngoingTopicReassignment } from '../../protocol/generated/ListPartitionReassignmentsResponse.js';
import { isReassigning } from '../replication/reassignment.js';
import type { ApiHandler } from './types.js';

const handler: ApiHandler<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse> = {
  apiKey: ApiKey.ListPartitionReassignments,
  name: 'ListPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  handle(ctx, request) {
    const wanted = request.topics === null ? null : new Map(request.topics.map((t) => [t.name, new Set(t.partitionIndexes)]));
    const topics: OngoingTopicReassignment[] = [];
    for (const t of ctx.cluster.topics()) {
      const asked = wanted?.get(t.name);
      if (wanted && !asked) continue;
      const partitions = t.partitions
        .filter((p) => isReassigning(p) && (!asked || asked.has(p.partition)))
        .map((p) => ({ partitionIndex: p.partition, replicas: [...p.replicas], addingReplicas: [...(p.addingReplicas ?? [])], removingReplicas: [...(p.removingReplicas ?? [])] }));
      if (partitions.length > 0) topics.push({ name: t.name, partitions });
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics };
  },
};

export default handler;
