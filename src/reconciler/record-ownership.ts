/**
 * After an apply: remember which configs topicops set on each topic it created, changed or deleted, in the
 * cluster's ownership topic (ownership-store.ts), creating that topic (compacted, one partition) the first time.
 */
import type { Logger } from 'pino';
import type { PlanAction } from '../planner/plan.js';
import { ApiKey } from '../protocol/api-keys.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import { BrokerConnections } from './broker-connections.js';
import type { ClusterConnection } from './connection.js';
import { OWNERSHIP_TOPIC, ownershipUpdates, readManagedConfigs, writeManagedConfigs } from './ownership-store.js';

/** The apply changed the cluster, but topicops could not record which configs it set. */
export class OwnershipRecordError extends Error {
  constructor(reason: string) {
    super(
      `the changes were applied, but recording which configs topicops set (in ${OWNERSHIP_TOPIC}) failed: ${reason}. ` +
        'Run apply again: until it succeeds, configs later removed from the YAML keep their values.',
    );
    this.name = 'OwnershipRecordError';
  }
}

export async function recordOwnership(applied: readonly PlanAction[], conn: ClusterConnection, logger: Logger): Promise<void> {
  if (!applied.some((a) => a.kind === 'create-topic' || a.kind === 'update-configs' || a.kind === 'delete-topic')) return;
  const brokers = new BrokerConnections(conn);
  try {
    const protocol = await conn.protocol();
    let md = (await protocol.request<MetadataResponse>(ApiKey.Metadata, { topics: [{ name: OWNERSHIP_TOPIC }], allowAutoTopicCreation: false })).body;
    if (md.topics[0]?.errorCode !== 0) {
      const { body: all } = await protocol.request<MetadataResponse>(ApiKey.Metadata, { topics: [] });
      await conn.admin.createTopics({
        waitForLeaders: true,
        topics: [{ topic: OWNERSHIP_TOPIC, numPartitions: 1, replicationFactor: Math.min(3, all.brokers.length), configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      });
      logger.info({ topic: OWNERSHIP_TOPIC }, 'created the topic that records which configs topicops set');
      md = (await protocol.request<MetadataResponse>(ApiKey.Metadata, { topics: [{ name: OWNERSHIP_TOPIC }], allowAutoTopicCreation: false })).body;
    }
    const leader = md.topics[0]?.partitions[0]?.leaderId ?? -1;
    if (leader < 0) throw new Error(`${OWNERSHIP_TOPIC} has no leader`);
    const leaderConn = await brokers.to(leader);
    const updates = ownershipUpdates(applied, await readManagedConfigs(leaderConn));
    await writeManagedConfigs(leaderConn, updates);
    logger.debug({ topics: [...updates.keys()] }, 'recorded the configs topicops set');
  } catch (err) {
    throw new OwnershipRecordError((err as Error).message);
  } finally {
    await brokers.close();
  }
}
