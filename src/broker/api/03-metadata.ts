/**
 * Metadata (key 3), versions 0-8.
 *
 * Topics: v0 empty list = all topics; v1+ null = all, empty = none. Known topics come with every partition's
 * leader (-1 with LEADER_NOT_AVAILABLE when offline), leader epoch (v7+), replicas, ISR and the replicas on stopped
 * brokers (offline replicas, v5+); unknown ones with
 * UNKNOWN_TOPIC_OR_PARTITION. Topics are never auto-created, whatever allowAutoTopicCreation says
 * (auto.create.topics.enable=false). Brokers with host, port and rack (v1+), controller id (v1+), cluster id (v2+),
 * isInternal (v1+). Only running brokers are listed. Authorized operations (v8+) are every supported operation when asked (no authorizer).
 * Leaves out: topic ids (v10+ is not served), per-listener endpoints (one listener per broker).
 */
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { MetadataRequest } from '../../protocol/generated/MetadataRequest.js';
import type {
  MetadataResponse,
  MetadataResponseBroker,
  MetadataResponseTopic,
} from '../../protocol/generated/MetadataResponse.js';
import { AUTHORIZED_OPERATIONS_OMITTED, CLUSTER_OPERATIONS, TOPIC_OPERATIONS } from '../admin/authorized-operations.js';
import { isInternalTopic } from '../admin/topic-names.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { TopicRecord } from '../model/types.js';
import type { ApiHandler } from './types.js';

function requestedNames(request: MetadataRequest, version: number, cluster: ClusterModel): string[] {
  const all = request.topics === null || (version === 0 && request.topics.length === 0);
  if (all) return cluster.topics().map((t) => t.name);
  const names: string[] = [];
  for (const t of request.topics ?? []) if (t.name !== null && !names.includes(t.name)) names.push(t.name);
  return names;
}

function topicEntry(topic: TopicRecord, includeOps: boolean, online: (id: number) => boolean): MetadataResponseTopic {
  return {
    errorCode: ErrorCode.NONE,
    name: topic.name,
    isInternal: isInternalTopic(topic.name),
    partitions: topic.partitions.map((p) => ({
      errorCode: p.leader === -1 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
      partitionIndex: p.partition,
      leaderId: p.leader,
      leaderEpoch: p.leaderEpoch,
      replicaNodes: [...p.replicas],
      isrNodes: [...p.isr],
      offlineReplicas: p.replicas.filter((r) => !online(r)),
    })),
    topicAuthorizedOperations: includeOps ? TOPIC_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
  };
}

const handler: ApiHandler<MetadataRequest, MetadataResponse> = {
  apiKey: ApiKey.Metadata,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 8,
  handle(ctx, request) {
    const { cluster } = ctx;
    const includeTopicOps = request.includeTopicAuthorizedOperations === true;
    const topics = requestedNames(request, ctx.header.apiVersion, cluster).map((name): MetadataResponseTopic => {
      const topic = cluster.topic(name);
      if (topic) return topicEntry(topic, includeTopicOps, (id) => cluster.endpoint(id) !== undefined);
      return {
        errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
        name,
        isInternal: false,
        partitions: [],
        topicAuthorizedOperations: AUTHORIZED_OPERATIONS_OMITTED,
      };
    });
    const brokers: MetadataResponseBroker[] = cluster.brokers().flatMap((b) => {
      const ep = cluster.endpoint(b.id);
      return ep ? [{ nodeId: b.id, host: ep.host, port: ep.port, rack: b.rack }] : [];
    });
    return {
      throttleTimeMs: 0,
      brokers,
      clusterId: cluster.clusterId,
      controllerId: cluster.controllerId,
      topics,
      clusterAuthorizedOperations: request.includeClusterAuthorizedOperations ? CLUSTER_OPERATIONS : AUTHORIZED_OPERATIONS_OMITTED,
    };
  },
};

export default handler;
