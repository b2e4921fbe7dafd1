/**
 * Where handlers find the group coordinator: one per cluster, looked up by the cluster model the request
 * context carries (cluster.ts attaches it at start). Keeps RequestContext unchanged for the admin-half APIs.
 */
import type { ClusterModel } from '../model/cluster-model.js';
import type { GroupCoordinator } from './coordinator.js';

const coordinators = new WeakMap<ClusterModel, GroupCoordinator>();

export function attachGroupCoordinator(cluster: ClusterModel, coordinator: GroupCoordinator): void {
  if (coordinators.has(cluster)) throw new Error(`cluster ${cluster.clusterId} already has a group coordinator`);
  coordinators.set(cluster, coordinator);
}

/** The cluster's coordinator; throws (a programming error: the handler is served by a cluster without one). */
export function groupCoordinatorOf(cluster: ClusterModel): GroupCoordinator {
  const c = coordinators.get(cluster);
  if (!c) throw new Error(`cluster ${cluster.clusterId} has no group coordinator`);
  return c;
}
