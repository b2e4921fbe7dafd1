import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { silentLogger } from '../testing/harness.js';
import { ClusterModel } from '../model/cluster-model.js';
import createTopics from './19-create-topics.js';
import { adminApiRegistry } from './registry.js';
import type { RequestContext } from './types.js';

function context(cluster: ClusterModel, apiVersion: number): RequestContext {
  return {
    brokerId: 1,
    cluster,
    header: { apiKey: 19, apiVersion, correlationId: 1, clientId: 'unit' },
    log: silentLogger,
    registry: adminApiRegistry(),
    settings: { defaultNumPartitions: 1, defaultReplicationFactor: 1, placementRng: () => 0 },
    durable: () => Promise.resolve(),
  };
}

describe('CreateTopics handler', () => {
  it('fills the v5+ fields: partitions, replication factor and effective configs', async () => {
    const cluster = ClusterModel.empty([{ id: 1, rack: null }, { id: 2, rack: null }], () => 'AAAAAAAAAAAAAAAAAAAAAg');
    const res = await createTopics.handle(context(cluster, 5), {
      topics: [{ name: 't', numPartitions: 2, replicationFactor: 2, assignments: [], configs: [{ name: 'retention.ms', value: '100' }] }],
      timeoutMs: 1000,
      validateOnly: true,
    });
    const t = res.topics[0];
    expect(t).toMatchObject({ name: 't', errorCode: ErrorCode.NONE, numPartitions: 2, replicationFactor: 2, topicConfigErrorCode: 0 });
    expect(t.configs?.find((c) => c.name === 'retention.ms')).toEqual({ name: 'retention.ms', value: '100', readOnly: false, configSource: 1, isSensitive: false });
    expect(t.configs?.find((c) => c.name === 'cleanup.policy')).toMatchObject({ value: 'delete', configSource: 5 });
    expect(cluster.topic('t')).toBeUndefined();
  });

  it('places replicas with the injected random source', async () => {
    const cluster = ClusterModel.empty([1, 2, 3].map((id) => ({ id, rack: null })));
    await createTopics.handle(context(cluster, 3), {
      topics: [{ name: 'seeded', numPartitions: 3, replicationFactor: 2, assignments: [], configs: [] }],
      timeoutMs: 1000,
    });
    expect(cluster.topic('seeded')!.partitions.map((p) => p.replicas)).toEqual([[1, 2], [2, 3], [3, 1]]);
  });
});
