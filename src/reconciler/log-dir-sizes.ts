/**
 * Partition sizes from DescribeLogDirs (ApiKey 35), for the reassignment preview (bytes to copy, ETA) and for
 * "move the smaller partitions". DescribeLogDirs describes only the logs of the broker it is sent to, so it goes to
 * every broker; a partition's size is its leader's log (the largest replica's when it has no leader), future logs
 * (AlterReplicaLogDirs copies) left out. Sizes are best effort: a cluster that does not advertise the API gives
 * none (the preview then says 0 B / unknown), and a broker that cannot be asked is logged and skipped.
 */
import type { Logger } from 'pino';
import type { BrokerState } from '../model/cluster-state.js';
import { ApiKey } from '../protocol/api-keys.js';
import { ProtocolConnection } from '../protocol/client.js';
import type { DescribeLogDirsResponse } from '../protocol/generated/DescribeLogDirsResponse.js';
import type { ClusterConnection } from './connection.js';

/** Key of a partition in the size map. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

/** Per broker: partition key → size in bytes. */
export type BrokerLogSizes = ReadonlyMap<number, ReadonlyMap<string, number>>;

async function describeBroker(broker: BrokerState, opts: { clientId: string; timeoutMs: number }): Promise<Map<string, number>> {
  if (broker.host === undefined || broker.port === undefined) throw new Error(`broker ${broker.id} has no advertised address`);
  const conn = await ProtocolConnection.connect(broker.host, broker.port, {
    clientId: opts.clientId,
    connectTimeoutMs: opts.timeoutMs,
    requestTimeoutMs: opts.timeoutMs,
  });
  try {
    const { body } = await conn.request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null });
    if (body.errorCode !== undefined && body.errorCode !== 0) throw new Error(`DescribeLogDirs error code ${body.errorCode}`);
    const sizes = new Map<string, number>();
    for (const dir of body.results) {
      if (dir.errorCode !== 0) continue; // an offline log dir: its partitions are not served from it
      for (const topic of dir.topics) {
        for (const p of topic.partitions) {
          if (p.isFutureKey) continue;
          sizes.set(partitionKey(topic.name, p.partitionIndex), Number(p.partitionSize));
        }
      }
    }
    return sizes;
  } finally {
    await conn.close();
  }
}

/**
 * Log sizes per broker, or null when the cluster does not serve DescribeLogDirs. Brokers are asked in parallel;
 * one that fails is logged and left out.
 */
export async function readLogDirSizes(
  conn: ClusterConnection,
  brokers: readonly BrokerState[],
  logger: Logger,
  timeoutMs = 10_000,
): Promise<BrokerLogSizes | null> {
  const protocol = await conn.protocol();
  if (!protocol.apiVersions.has(ApiKey.DescribeLogDirs)) {
    logger.debug('the cluster does not serve DescribeLogDirs: partition sizes are unknown');
    return null;
  }
  const results = await Promise.allSettled(brokers.map((b) => describeBroker(b, { clientId: 'topicops', timeoutMs })));
  const out = new Map<number, ReadonlyMap<string, number>>();
  results.forEach((r, i) => {
    if (r.status === 'fulfilled') out.set(brokers[i].id, r.value);
    else logger.warn({ broker: brokers[i].id, err: (r.reason as Error)?.message }, 'DescribeLogDirs failed: partition sizes on this broker are unknown');
  });
  return out;
}

/** The size of one partition: its leader's log, else the largest replica log known; undefined when none is known. */
export function partitionSize(
  sizes: BrokerLogSizes,
  topic: string,
  p: { readonly partition: number; readonly leader: number; readonly replicas: readonly number[] },
): number | undefined {
  const key = partitionKey(topic, p.partition);
  const fromLeader = sizes.get(p.leader)?.get(key);
  if (fromLeader !== undefined) return fromLeader;
  let best: number | undefined;
  for (const id of p.replicas) {
    const size = sizes.get(id)?.get(key);
    if (size !== undefined && (best === undefined || size > best)) best = size;
  }
  return best;
}
