/**
 * Where the data-path handlers (Produce, Fetch, ListOffsets, DeleteRecords) find the replica manager: one per
 * cluster, looked up by the cluster model in the request context (cluster.ts attaches it at start), as the group
 * handlers find their coordinator.
 */
import type { ClusterModel } from '../model/cluster-model.js';
import type { ReplicaManager } from './replica-manager.js';

const managers = new WeakMap<ClusterModel, ReplicaManager>();

export function attachReplicaManager(cluster: ClusterModel, manager: ReplicaManager): void {
  if (managers.has(cluster)) throw new Error(`cluster ${cluster.clusterId} already has a replica manager`);
  managers.set(cluster, manager);
}

/** The cluster's replica manager; throws (a programming error) when the cluster has none. */
export function replicaManagerOf(cluster: ClusterModel): ReplicaManager {
  const m = managers.get(cluster);
  if (!m) throw new Error(`cluster ${cluster.clusterId} has no replica manager`);
  return m;
}
