/**
 * Reads the actual cluster state over the admin protocol: brokers (with racks) and topic partitions from
 * Metadata through our protocol client (kafkajs drops racks), topic configs with their sources through
 * kafkajs's DescribeConfigs; partition sizes from DescribeLogDirs when the cluster serves it (./log-dir-sizes.ts),
 * else absent (unknown); which configs topicops set on each topic from its ownership topic (./ownership-store.ts),
 * which is itself left out of the state.
 */
import kafkajs from 'kafkajs';
import type { Logger } from 'pino';
import { ApiKey } from '../protocol/api-keys.js';
import { KafkaProtocolError } from '../protocol/errors.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import {
  CONFIG_SOURCES,
  type BrokerState,
  type ClusterState,
  type ConfigEntryState,
  type TopicState,
} from '../model/cluster-state.js';
import type { ClusterConnection } from './connection.js';
import { partitionSize, readLogDirSizes } from './log-dir-sizes.js';
import { BrokerConnections } from './broker-connections.js';
import { OWNERSHIP_TOPIC, readManagedConfigs } from './ownership-store.js';

const { ConfigResourceTypes } = kafkajs;
const DESCRIBE_BATCH = 200;

export interface ReadStateOptions {
  /** Where a broker that cannot report its log sizes is logged (sizes are best effort). */
  readonly logger: Logger;
}

export async function readClusterState(conn: ClusterConnection, opts: ReadStateOptions): Promise<ClusterState> {
  const protocol = await conn.protocol();
  const { body: md } = await protocol.request<MetadataResponse>(ApiKey.Metadata, {
    topics: null,
    allowAutoTopicCreation: false,
    includeClusterAuthorizedOperations: false,
    includeTopicAuthorizedOperations: false,
  });

  const brokers: BrokerState[] = md.brokers
    .map((b) => ({ id: b.nodeId, rack: b.rack ?? null, host: b.host, port: b.port }))
    .sort((a, b) => a.id - b.id);

  const partial: { name: string; internal: boolean; partitions: TopicState['partitions'] }[] = [];
  let ownershipLeader: number | null = null;
  for (const t of md.topics) {
    if (t.name === OWNERSHIP_TOPIC) {
      ownershipLeader = t.partitions[0]?.leaderId ?? -1;
      continue;
    }
    if (t.errorCode !== 0) throw new KafkaProtocolError(t.errorCode, `Metadata for topic ${t.name ?? '?'}`);
    partial.push({
      name: t.name ?? '',
      internal: t.isInternal ?? false,
      partitions: t.partitions
        .map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes }))
        .sort((a, b) => a.partition - b.partition),
    });
  }

  const configs = await describeTopicConfigs(conn, partial.map((t) => t.name));
  const managed = ownershipLeader === null ? new Map<string, readonly string[]>() : await readOwnership(conn, ownershipLeader);
  const sizes = await readLogDirSizes(conn, brokers, opts.logger);
  const topics: Record<string, TopicState> = {};
  for (const t of partial.sort((a, b) => a.name.localeCompare(b.name))) {
    const partitions =
      sizes === null
        ? t.partitions
        : t.partitions.map((p) => {
            const sizeBytes = partitionSize(sizes, t.name, p);
            return sizeBytes === undefined ? p : { ...p, sizeBytes };
          });
    topics[t.name] = { ...t, partitions, configs: configs.get(t.name) ?? {}, managedConfigs: managed.get(t.name) ?? [] };
  }
  return { clusterId: md.clusterId ?? null, controllerId: md.controllerId, brokers, topics };
}

/** The ownership records, read from the ownership topic's leader (a leaderless one is an error: plan would guess). */
async function readOwnership(conn: ClusterConnection, leader: number): Promise<Map<string, readonly string[]>> {
  if (leader < 0) throw new KafkaProtocolError(5, `${OWNERSHIP_TOPIC} has no leader: topicops cannot tell which configs it set`);
  const brokers = new BrokerConnections(conn);
  try {
    return await readManagedConfigs(await brokers.to(leader));
  } finally {
    await brokers.close();
  }
}

async function describeTopicConfigs(
  conn: ClusterConnection,
  names: readonly string[],
): Promise<Map<string, Record<string, ConfigEntryState>>> {
  const out = new Map<string, Record<string, ConfigEntryState>>();
  for (let i = 0; i < names.length; i += DESCRIBE_BATCH) {
    const batch = names.slice(i, i + DESCRIBE_BATCH);
    const res = await conn.admin.describeConfigs({
      includeSynonyms: false,
      resources: batch.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
    });
    for (const r of res.resources) {
      if (r.errorCode !== 0) throw new KafkaProtocolError(r.errorCode, `DescribeConfigs for topic ${r.resourceName}: ${r.errorMessage ?? ''}`);
      const entries: Record<string, ConfigEntryState> = {};
      for (const e of r.configEntries) {
        const source = (e as { configSource?: number }).configSource;
        entries[e.configName] = {
          value: e.configValue ?? null,
          source: source !== undefined ? (CONFIG_SOURCES[source] ?? 'UNKNOWN') : e.isDefault ? 'DEFAULT_CONFIG' : 'DYNAMIC_TOPIC_CONFIG',
          readOnly: e.readOnly,
          sensitive: e.isSensitive,
        };
      }
      out.set(r.resourceName, entries);
    }
  }
  return out;
}
