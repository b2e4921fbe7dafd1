import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../protocol/api-keys.js';
import { ErrorCode } from '../protocol/errors.js';
import type { CreateTopicsResponse } from '../protocol/generated/CreateTopicsResponse.js';
import type { CreatePartitionsResponse } from '../protocol/generated/CreatePartitionsResponse.js';
import type { DeleteTopicsResponse } from '../protocol/generated/DeleteTopicsResponse.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import type { ProtocolConnection } from '../protocol/client.js';
import { kafkajsFailure, startHarness, type Harness } from './testing/harness.js';
import type { Admin } from 'kafkajs';

let h: Harness;
let admin: Admin;
let raw: ProtocolConnection;

beforeAll(async () => {
  h = await startHarness({ brokers: 3, racks: ['a', 'b', 'c'] });
  admin = await h.admin();
  raw = await h.protocol();
});
afterAll(async () => h.stop());

const topic = (name: string, numPartitions = 1, replicationFactor = 1, extra: object = {}) => ({
  name, numPartitions, replicationFactor, assignments: [], configs: [], ...extra,
});

async function createRaw(topics: object[], validateOnly = false, version = 4): Promise<CreateTopicsResponse> {
  return (await raw.request<CreateTopicsResponse>(ApiKey.CreateTopics, { topics, timeoutMs: 5000, validateOnly }, version)).body;
}

async function metadata(names: string[] | null, version = 8): Promise<MetadataResponse> {
  const topics = names === null ? null : names.map((name) => ({ name }));
  return (await raw.request<MetadataResponse>(ApiKey.Metadata, { topics, allowAutoTopicCreation: true }, version)).body;
}

describe('CreateTopics', () => {
  it('creates topics with rack-aware placement, leaders spread, ISR = replicas', async () => {
    await expect(admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 6, replicationFactor: 3 }] })).resolves.toBe(true);
    const { topics } = await admin.fetchTopicMetadata({ topics: ['orders'] });
    const parts = topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    expect(parts).toHaveLength(6);
    const leaders = new Map<number, number>();
    for (const p of parts) {
      expect(new Set(p.replicas).size).toBe(3);
      expect(p.leader).toBe(p.replicas[0]);
      expect(p.isr).toEqual(p.replicas);
      leaders.set(p.leader, (leaders.get(p.leader) ?? 0) + 1);
    }
    expect([...leaders.values()]).toEqual([2, 2, 2]);
  });

  it('uses num.partitions=1 and default.replication.factor=1 for -1', async () => {
    await admin.createTopics({ topics: [{ topic: 'defaults' }] });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['defaults'] });
    expect(topics[0].partitions).toHaveLength(1);
    expect(topics[0].partitions[0].replicas).toHaveLength(1);
  });

  it('validateOnly decides but creates nothing', async () => {
    // kafkajs would wait for leaders of a topic validateOnly never creates (it does so against Kafka too).
    await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: 'dry-run', numPartitions: 2, replicationFactor: 2 }] });
    expect((await metadata(['dry-run'])).topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    const res = await createRaw([topic('dry-run', 1, 9)], true);
    expect(res.topics[0].errorCode).toBe(ErrorCode.INVALID_REPLICATION_FACTOR);
  });

  it('honours an explicit replica assignment', async () => {
    await admin.createTopics({
      topics: [{ topic: 'manual', replicaAssignment: [{ partition: 0, replicas: [3, 1] }, { partition: 1, replicas: [2, 3] }] }],
    });
    const { topics } = await admin.fetchTopicMetadata({ topics: ['manual'] });
    const parts = topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId);
    expect(parts.map((p) => p.replicas)).toEqual([[3, 1], [2, 3]]);
    expect(parts.map((p) => p.leader)).toEqual([3, 2]);
  });

  it('stores creation configs as overrides', async () => {
    await admin.createTopics({ topics: [{ topic: 'with-config', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const { resources } = await admin.describeConfigs({ resources: [{ type: 2, name: 'with-config', configNames: ['cleanup.policy'] }], includeSynonyms: false });
    expect(resources[0].configEntries[0]).toMatchObject({ configValue: 'compact', configSource: 1, isDefault: false });
  });

  it('reports existing topics (kafkajs returns false) with Kafka\'s message', async () => {
    await expect(admin.createTopics({ topics: [{ topic: 'orders' }] })).resolves.toBe(false);
    const res = await createRaw([topic('orders')]);
    expect(res.topics[0]).toMatchObject({ errorCode: ErrorCode.TOPIC_ALREADY_EXISTS, errorMessage: "Topic 'orders' already exists." });
  });

  it('refuses bad requests with the Kafka error code', async () => {
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'zero', numPartitions: 0 }] }))).toEqual(['INVALID_PARTITIONS']);
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'rf4', replicationFactor: 4 }] }))).toEqual(['INVALID_REPLICATION_FACTOR']);
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'bad/name' }] }))).toEqual(['INVALID_TOPIC_EXCEPTION']);
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'no.such', value: '1' }] }] })))
      .toEqual(['INVALID_CONFIG']);
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'cfg', configEntries: [{ name: 'retention.ms', value: '-5' }] }] })))
      .toEqual(['INVALID_CONFIG']);
    expect(await kafkajsFailure(() => admin.createTopics({ topics: [{ topic: 'ra', replicaAssignment: [{ partition: 0, replicas: [1, 9] }] }] })))
      .toEqual(['INVALID_REPLICA_ASSIGNMENT']);
  });

  it('answers each refusal with Kafka\'s message', async () => {
    const res = await createRaw([
      topic('rf-too-big', 1, 4),
      topic('no-partitions', 0, 1),
      topic('no-replicas', 1, 0),
      topic('.'),
      topic('x'.repeat(250)),
      topic('unknown-config', 1, 1, { configs: [{ name: 'no.such.config', value: '1' }] }),
      topic('bad-value', 1, 1, { configs: [{ name: 'retention.ms', value: '-5' }] }),
      topic('null-value', 1, 1, { configs: [{ name: 'retention.ms', value: null }] }),
      topic('manual-rf', -1, 2, { assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }] }),
      topic('manual-parts', 2, -1, { assignments: [{ partitionIndex: 0, brokerIds: [1, 2] }] }),
      topic('gap', -1, -1, { assignments: [{ partitionIndex: 1, brokerIds: [1] }] }),
      topic('dup-broker', -1, -1, { assignments: [{ partitionIndex: 0, brokerIds: [2, 2] }] }),
      topic('twice'),
      topic('twice'),
      topic('__cluster_metadata'),
    ]);
    const byName = new Map(res.topics.map((t) => [t.name, [t.errorCode, t.errorMessage]]));
    expect(byName.get('rf-too-big')).toEqual([ErrorCode.INVALID_REPLICATION_FACTOR,
      'Unable to replicate the partition 4 time(s): The target replication factor of 4 cannot be reached because only 3 broker(s) are registered.']);
    expect(byName.get('no-partitions')).toEqual([ErrorCode.INVALID_PARTITIONS, 'Number of partitions was set to an invalid non-positive value.']);
    expect(byName.get('no-replicas')).toEqual([ErrorCode.INVALID_REPLICATION_FACTOR,
      'Replication factor must be larger than 0, or -1 to use the default value.']);
    expect(byName.get('.')).toEqual([ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is invalid: '.' is not allowed"]);
    expect(byName.get('x'.repeat(250))?.[0]).toBe(ErrorCode.INVALID_TOPIC_EXCEPTION);
    expect(byName.get('unknown-config')).toEqual([ErrorCode.INVALID_CONFIG, 'Unknown topic config name: no.such.config']);
    expect(byName.get('bad-value')).toEqual([ErrorCode.INVALID_CONFIG, 'Invalid value -5 for configuration retention.ms: Value must be at least -1']);
    expect(byName.get('null-value')).toEqual([ErrorCode.INVALID_CONFIG, 'Null value not supported for topic configs: retention.ms']);
    expect(byName.get('manual-rf')).toEqual([ErrorCode.INVALID_REQUEST,
      'A manual partition assignment was specified, but replication factor was not set to -1.']);
    expect(byName.get('manual-parts')).toEqual([ErrorCode.INVALID_REQUEST,
      'A manual partition assignment was specified, but numPartitions was not set to -1.']);
    expect(byName.get('gap')).toEqual([ErrorCode.INVALID_REPLICA_ASSIGNMENT, 'partitions should be a consecutive 0-based integer sequence']);
    expect(byName.get('dup-broker')).toEqual([ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      'The manual partition assignment includes the broker 2 more than once.']);
    expect(byName.get('twice')).toEqual([ErrorCode.INVALID_REQUEST, 'Duplicate topic name.']);
    expect(res.topics.filter((t) => t.name === 'twice')).toHaveLength(1);
    expect(byName.get('__cluster_metadata')).toEqual([ErrorCode.INVALID_REQUEST, 'Creation of internal topic __cluster_metadata is prohibited.']);
    expect((await metadata(null)).topics.map((t) => t.name)).not.toContain('twice');
  });

  it("refuses a name that collides on '.' / '_' with an existing topic", async () => {
    expect((await createRaw([topic('metrics.cpu')])).topics[0].errorCode).toBe(ErrorCode.NONE);
    const res = await createRaw([topic('metrics_cpu')]);
    expect(res.topics[0]).toMatchObject({
      errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION,
      errorMessage: "Topic 'metrics_cpu' collides with existing topic: metrics.cpu",
    });
  });
});

describe('Metadata', () => {
  it('reports brokers with racks, controller and cluster id', async () => {
    const md = await metadata([]);
    expect(md.topics).toEqual([]);
    expect(md.controllerId).toBe(1);
    expect(md.clusterId).toBe(h.cluster.clusterId);
    expect(md.brokers.map((b) => [b.nodeId, b.rack, b.port])).toEqual(h.cluster.brokers.map((b) => [b.id, b.rack, b.port]));
  });

  it('lists every topic for null (v1+) and for an empty list in v0', async () => {
    const all = (await metadata(null)).topics.map((t) => t.name);
    expect(all).toEqual([...all].sort());
    expect(all).toEqual(expect.arrayContaining(['orders', 'manual', 'defaults']));
    expect((await metadata([], 0)).topics.map((t) => t.name)).toEqual(all);
  });

  it('answers UNKNOWN_TOPIC_OR_PARTITION and never auto-creates', async () => {
    const md = await metadata(['ghost']);
    expect(md.topics[0]).toMatchObject({ name: 'ghost', errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, partitions: [] });
    expect((await metadata(['ghost'])).topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect(await kafkajsFailure(() => admin.fetchTopicMetadata({ topics: ['ghost'] }))).toContain('UNKNOWN_TOPIC_OR_PARTITION');
  });

  it('carries leader epoch and empty offline replicas', async () => {
    const p = (await metadata(['manual'])).topics[0].partitions[0];
    expect(p).toMatchObject({ leaderId: 3, leaderEpoch: 0, replicaNodes: [3, 1], isrNodes: [3, 1], offlineReplicas: [] });
  });
});

describe('CreatePartitions', () => {
  it('adds partitions continuing the placement pattern', async () => {
    await admin.createTopics({ topics: [{ topic: 'grow', numPartitions: 3, replicationFactor: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 6 }] });
    const parts = (await metadata(['grow'])).topics[0].partitions;
    expect(parts.map((p) => p.partitionIndex)).toEqual([0, 1, 2, 3, 4, 5]);
    for (const p of parts) expect(new Set(p.replicaNodes).size).toBe(2);
  });

  it('honours explicit assignments and validateOnly', async () => {
    await admin.createPartitions({ validateOnly: true, topicPartitions: [{ topic: 'grow', count: 8 }] });
    expect((await metadata(['grow'])).topics[0].partitions).toHaveLength(6);
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 8, assignments: [[3, 2], [1, 3]] }] });
    const parts = (await metadata(['grow'])).topics[0].partitions;
    expect(parts.slice(6).map((p) => p.replicaNodes)).toEqual([[3, 2], [1, 3]]);
  });

  it('refuses counts that do not grow, unknown topics and bad assignments', async () => {
    expect(await kafkajsFailure(() => admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 2 }] }))).toEqual(['INVALID_PARTITIONS']);
    const res = (await raw.request<CreatePartitionsResponse>(ApiKey.CreatePartitions, {
      topics: [
        { name: 'grow', count: 2, assignments: null },
        { name: 'orders', count: 6, assignments: null },
        { name: 'ghost', count: 3, assignments: null },
        { name: 'defaults', count: 3, assignments: [{ brokerIds: [1] }] },
        { name: 'manual', count: 3, assignments: [{ brokerIds: [1] }] },
        { name: 'dup', count: 3, assignments: null },
        { name: 'dup', count: 4, assignments: null },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    })).body;
    const byName = new Map(res.results.map((r) => [r.name, [r.errorCode, r.errorMessage]]));
    expect(byName.get('grow')).toEqual([ErrorCode.INVALID_PARTITIONS, 'Topic currently has 8 partitions, which is higher than the requested 2.']);
    expect(byName.get('orders')).toEqual([ErrorCode.INVALID_PARTITIONS, 'Topic already has 6 partitions.']);
    expect(byName.get('ghost')).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null]);
    expect(byName.get('defaults')).toEqual([ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      'Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.']);
    expect(byName.get('manual')).toEqual([ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      'The manual partition assignment includes a partition with 1 replica(s), but this is not consistent with previous partitions, which have 2 replica(s).']);
    expect(byName.get('dup')).toEqual([ErrorCode.INVALID_REQUEST, 'Duplicate topic name.']);
  });
});

describe('DeleteTopics', () => {
  it('deletes topics and their configs', async () => {
    await admin.createTopics({ topics: [{ topic: 'doomed', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    await admin.deleteTopics({ topics: ['doomed'] });
    expect((await metadata(['doomed'])).topics[0].errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    await admin.createTopics({ topics: [{ topic: 'doomed' }] });
    const { resources } = await admin.describeConfigs({ resources: [{ type: 2, name: 'doomed', configNames: ['retention.ms'] }], includeSynonyms: false });
    expect(resources[0].configEntries[0]).toMatchObject({ configValue: '604800000', configSource: 5 });
  });

  it('answers unknown and duplicate names', async () => {
    expect(await kafkajsFailure(() => admin.deleteTopics({ topics: ['ghost'] }))).toContain('UNKNOWN_TOPIC_OR_PARTITION');
    const res = (await raw.request<DeleteTopicsResponse>(ApiKey.DeleteTopics, { topicNames: ['doomed', 'doomed', 'ghost'], timeoutMs: 5000 }, 3)).body;
    const byName = new Map(res.responses.map((r) => [r.name, r.errorCode]));
    expect(byName.get('doomed')).toBe(ErrorCode.INVALID_REQUEST);
    expect(byName.get('ghost')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((await metadata(['doomed'])).topics[0].errorCode).toBe(ErrorCode.NONE);
  });
});
