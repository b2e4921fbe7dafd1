/**
 * The reconciler executes a planned reassignment against the built-in cluster over the Kafka protocol: batches in
 * order, throttles set for the batch and removed afterwards, the preferred leaders elected, progress reported.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../broker/testing/harness.js';
import { planReassignment, type PartitionMove } from '../planner/reassignment/index.js';
import { openCluster, type ClusterConnection } from './connection.js';
import { executeReassignment, type ReassignmentProgress } from './execute-reassignment.js';
import { readClusterState } from './read-state.js';

const logger = pino({ level: 'silent' });
let h: Harness | undefined;
let conn: ClusterConnection | undefined;
afterEach(async () => {
  await conn?.close();
  await h?.stop();
  conn = undefined;
  h = undefined;
});

async function setup(): Promise<ClusterConnection> {
  h = await startHarness({ brokers: 4 });
  conn = await openCluster({ kind: 'bootstrap', name: 'test', brokers: h.cluster.bootstrap.split(',') }, { logger });
  await conn.admin.createTopics({
    topics: [{ topic: 'orders', replicaAssignment: [0, 1, 2, 3].map((p) => ({ partition: p, replicas: p % 2 ? [2, 1] : [1, 2] })) }],
    waitForLeaders: true,
  });
  return conn;
}

async function configsOf(c: ClusterConnection, type: 2 | 4, name: string, keys: string[]): Promise<Record<string, string>> {
  const res = await c.admin.describeConfigs({ includeSynonyms: false, resources: [{ type, name, configNames: keys }] });
  return Object.fromEntries(res.resources[0].configEntries.filter((e) => !e.isDefault).map((e) => [e.configName, e.configValue]));
}

describe('executeReassignment', () => {
  it('moves partitions batch by batch under the planned throttles, elects preferred leaders, and removes the throttles', async () => {
    const c = await setup();
    const state = await readClusterState(c, { logger });
    const orders = state.topics['orders'];
    const moves: PartitionMove[] = orders.partitions.map((p) => ({ topic: 'orders', partition: p.partition, from: p.replicas, to: [3 + (p.partition % 2), p.replicas[1]], sizeBytes: 0 }));
    const reassignment = planReassignment({ moves, state, options: { throttleBytesPerSec: 10_000_000, maxMovesPerBroker: 1 } });
    expect(reassignment.errors).toEqual([]);
    expect(reassignment.batches.length).toBeGreaterThan(1);

    const progress: ReassignmentProgress[] = [];
    const done: string[] = [];
    await executeReassignment(reassignment, c, { logger, pollIntervalMs: 50, onProgress: (p) => progress.push(p), onMoveDone: (m) => done.push(`${m.topic}-${m.partition}`) });

    const md = (await c.admin.fetchTopicMetadata({ topics: ['orders'] })).topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    expect(md.map((p) => [p.replicas, p.leader])).toEqual(moves.map((m) => [m.to, m.to[0]]));
    expect(done.sort()).toEqual(['orders-0', 'orders-1', 'orders-2', 'orders-3']);
    expect(progress.at(-1)).toMatchObject({ done: 4, total: 4, batches: reassignment.batches.length });
    // Every throttle the batches set is gone again.
    for (const b of [1, 2, 3, 4]) expect(await configsOf(c, 4, String(b), ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'])).toEqual({});
    expect(await configsOf(c, 2, 'orders', ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'])).toEqual({});
  });

  it('removes the throttles even when the cluster refuses the move, and says which batch failed', async () => {
    const c = await setup();
    const state = await readClusterState(c, { logger });
    const p0 = state.topics['orders'].partitions[0];
    const reassignment = planReassignment({ moves: [{ topic: 'orders', partition: 0, from: p0.replicas, to: [3, 1], sizeBytes: 0 }], state, options: { throttleBytesPerSec: 1_000_000 } });
    // Broker 3 stops between planning and executing: its throttle cannot be set, and the move is refused.
    await h!.cluster.stopBroker(3);
    await expect(executeReassignment(reassignment, c, { logger, pollIntervalMs: 50 })).rejects.toThrow(/batch 1 failed/);
    for (const b of [1, 2]) expect(await configsOf(c, 4, String(b), ['leader.replication.throttled.rate', 'follower.replication.throttled.rate'])).toEqual({});
    expect(await configsOf(c, 2, 'orders', ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'])).toEqual({});
  });
});
