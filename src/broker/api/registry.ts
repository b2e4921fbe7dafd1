/**
 * The handler registry: API key → handler. Refuses duplicates and version ranges the codec cannot serve;
 * ApiVersions answers from `versions()`, so what is advertised is exactly what is registered.
 */
import { schemaVersionRange } from '../../protocol/codec.js';
import type { ApiHandler, ApiRegistryView, ApiVersionRange } from './types.js';
import apiVersions from './18-api-versions.js';
import metadata from './03-metadata.js';
import createTopics from './19-create-topics.js';
import deleteTopics from './20-delete-topics.js';
import describeConfigs from './32-describe-configs.js';
import alterConfigs from './33-alter-configs.js';
import createPartitions from './37-create-partitions.js';
import incrementalAlterConfigs from './44-incremental-alter-configs.js';
import describeCluster from './60-describe-cluster.js';
import offsetCommit from './08-offset-commit.js';
import offsetFetch from './09-offset-fetch.js';
import findCoordinator from './10-find-coordinator.js';
import joinGroup from './11-join-group.js';
import heartbeat from './12-heartbeat.js';
import leaveGroup from './13-leave-group.js';
import syncGroup from './14-sync-group.js';
import describeGroups from './15-describe-groups.js';
import listGroups from './16-list-groups.js';
import deleteGroups from './42-delete-groups.js';
import produce from './00-produce.js';
import fetch from './01-fetch.js';
import listOffsets from './02-list-offsets.js';
import deleteRecords from './21-delete-records.js';
import initProducerId from './22-init-producer-id.js';
import describeLogDirs from './35-describe-log-dirs.js';
import electLeaders from './43-elect-leaders.js';
import alterPartitionReassignments from './45-alter-partition-reassignments.js';
import listPartitionReassignments from './46-list-partition-reassignments.js';

export class ApiRegistry implements ApiRegistryView {
  private readonly handlers = new Map<number, ApiHandler>();

  register(handler: ApiHandler): this {
    if (this.handlers.has(handler.apiKey)) {
      throw new Error(`API key ${handler.apiKey} (${handler.name}) is already registered`);
    }
    const schema = schemaVersionRange(handler.apiKey);
    if (!schema || handler.minVersion < schema.min || handler.maxVersion > schema.max || handler.minVersion > handler.maxVersion) {
      throw new Error(
        `${handler.name} versions ${handler.minVersion}-${handler.maxVersion} are outside the protocol schema's ` +
          (schema ? `${schema.min}-${schema.max}` : 'range (no schema)'),
      );
    }
    this.handlers.set(handler.apiKey, handler);
    return this;
  }

  get(apiKey: number): ApiHandler | undefined {
    return this.handlers.get(apiKey);
  }

  versions(): readonly ApiVersionRange[] {
    return [...this.handlers.values()]
      .map(({ apiKey, minVersion, maxVersion }) => ({ apiKey, minVersion, maxVersion }))
      .sort((a, b) => a.apiKey - b.apiKey);
  }
}

/** Every API the built-in broker serves. */
export function adminApiRegistry(): ApiRegistry {
  return new ApiRegistry()
    .register(metadata)
    .register(apiVersions)
    .register(createTopics)
    .register(deleteTopics)
    .register(describeConfigs)
    .register(alterConfigs)
    .register(createPartitions)
    .register(incrementalAlterConfigs)
    .register(describeCluster)
    .register(offsetCommit)
    .register(offsetFetch)
    .register(findCoordinator)
    .register(joinGroup)
    .register(heartbeat)
    .register(leaveGroup)
    .register(syncGroup)
    .register(describeGroups)
    .register(listGroups)
    .register(deleteGroups)
    .register(produce)
    .register(fetch)
    .register(listOffsets)
    .register(deleteRecords)
    .register(initProducerId)
    .register(describeLogDirs)
    .register(electLeaders)
    .register(alterPartitionReassignments)
    .register(listPartitionReassignments);
}
