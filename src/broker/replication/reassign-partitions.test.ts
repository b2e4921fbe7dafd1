/**
 * Partition reassignment in the built-in cluster, through kafkajs's admin API and the raw protocol: adding and
 * removing replicas, completion and leadership, cancel, Kafka's errors, a broker stopping mid-move, throttles
 * keeping a move going, produce and consume throughout, DescribeLogDirs and ElectLeaders.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { AlterPartitionReassignmentsResponse } from '../../protocol/generated/AlterPartitionReassignmentsResponse.js';
import type { DescribeLogDirsResponse } from '../../protocol/generated/DescribeLogDirsResponse.js';
import type { ElectLeadersResponse } from '../../protocol/generated/ElectLeadersResponse.js';
import type { ListPartitionReassignmentsResponse } from '../../protocol/generated/ListPartitionReassignmentsResponse.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { continuousWriter, eventually, kafkaFor, notExactlyOnce, partitionsOf, readTopic, withAdmin } from './testing.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

type Kafka = ReturnType<typeof kafkaFor>;


/** A topic on brokers 1 and 2 (partition p: [1+p%2, 2-p%2]) with `records` 1 KiB records per partition. */
async function seededTopic(kafka: Kafka, topic: string, partitions: number, records: number): Promise<void> {
  await withAdmin(kafka, (a) =>
    a.createTopics({
      topics: [{ topic, replicaAssignment: Array.from({ length: partitions }, (_, p) => ({ partition: p, replicas: p % 2 ? [2, 1] : [1, 2] })) }],
      waitForLeaders: true,
    }),
  );
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(1024, 'x');
  for (let p = 0; p < partitions; p++) {
    for (let i = 0; i < records; i += 100) {
      await producer.send({ topic, acks: -1, messages: Array.from({ length: 100 }, (_, j) => ({ partition: p, key: `k${i + j}`, value })) });
    }
  }
  await producer.disconnect();
}

/** Throttles replication into/out of every broker to `rate` bytes/s for `topic`'s moving replicas. */
async function throttle(kafka: Kafka, topic: string, rate: number, brokers: number[]): Promise<void> {
  await withAdmin(kafka, (a) =>
    a.alterConfigs({
      validateOnly: false,
      resources: [
        ...brokers.map((b) => ({
          type: 4 as const,
          name: String(b),
          configEntries: [
            { name: 'leader.replication.throttled.rate', value: String(rate) },
            { name: 'follower.replication.throttled.rate', value: String(rate) },
          ],
        })),
        { type: 2 as const, name: topic, configEntries: [{ name: 'leader.replication.throttled.replicas', value: '*' }, { name: 'follower.replication.throttled.replicas', value: '*' }] },
      ],
    }),
  );
}

async function unthrottle(kafka: Kafka, brokers: number[]): Promise<void> {
  await withAdmin(kafka, (a) => a.alterConfigs({ validateOnly: false, resources: brokers.map((b) => ({ type: 4 as const, name: String(b), configEntries: [] })) }));
}

const ongoing = (kafka: Kafka) => withAdmin(kafka, (a) => a.listPartitionReassignments({}));

describe('AlterPartitionReassignments / ListPartitionReassignments', () => {
  it('adds the target replicas, copies the log, then drops the removed replica and moves leadership', async () => {
    h = await startHarness({ brokers: 4 });
    const kafka = kafkaFor(h, 'move');
    await seededTopic(kafka, 'moving', 2, 300);
    await throttle(kafka, 'moving', 100_000, [1, 2, 3, 4]);
    await withAdmin(kafka, (a) =>
      a.alterPartitionReassignments({ topics: [{ topic: 'moving', partitionAssignment: [{ partition: 0, replicas: [3, 2] }, { partition: 1, replicas: [2, 4] }] }] }),
    );
    // In flight: the replica set is target + removing; the adding replicas are not yet in sync.
    const during = await ongoing(kafka);
    expect(during.topics).toEqual([
      {
        name: 'moving',
        partitions: [
          { partition: 0, replicas: [3, 2, 1], addingReplicas: [3], removingReplicas: [1] },
          { partition: 1, replicas: [2, 4, 1], addingReplicas: [4], removingReplicas: [1] },
        ],
      },
    ]);
    const [p0] = await partitionsOf(kafka, 'moving');
    expect(p0.replicas).toEqual([3, 2, 1]);
    expect(p0.isr).not.toContain(3);
    expect(p0.leader).toBe(1);

    await unthrottle(kafka, [1, 2, 3, 4]);
    await eventually(async () => (await ongoing(kafka)).topics.length === 0, 15_000, 'the reassignment to complete');
    const after = await partitionsOf(kafka, 'moving');
    expect(after.map((p) => [p.replicas, [...p.isr].sort(), p.leader])).toEqual([
      [[3, 2], [2, 3], 3], // the leader (1) was removed: the first target replica leads
      [[2, 4], [2, 4], 2], // the leader (2) stays
    ]);
    // The removed replica's copy is gone from broker 1, and the new ones hold the whole log.
    const conn = await h.protocol(1);
    const dirs1 = (await conn.request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null })).body;
    expect(dirs1.results[0].topics.filter((t) => t.name === 'moving')).toEqual([]);
    const conn3 = await h.protocol(3);
    const dirs3 = (await conn3.request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: [{ topic: 'moving', partitions: [0] }] })).body;
    expect(Number(dirs3.results[0].topics[0].partitions[0].partitionSize)).toBeGreaterThan(300 * 1024);
    expect(dirs3.results[0].topics[0].partitions[0].offsetLag).toBe(0n);
    expect((await readTopic(kafka, 'moving')).length).toBe(600);
  });

  it('cancels a move back to the original replicas and deletes the partial copy', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'cancel');
    await seededTopic(kafka, 'cancelled', 1, 300);
    await throttle(kafka, 'cancelled', 50_000, [1, 2, 3]);
    const conn = await h.protocol(1);
    const alter = (replicas: number[] | null) =>
      conn.request<AlterPartitionReassignmentsResponse>(ApiKey.AlterPartitionReassignments, { timeoutMs: 1000, topics: [{ name: 'cancelled', partitions: [{ partitionIndex: 0, replicas }] }] });
    expect((await alter([3, 2])).body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    await eventually(async () => {
      const dirs = (await (await h!.protocol(3)).request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null })).body;
      return dirs.results[0].topics.some((t) => t.name === 'cancelled' && t.partitions[0].partitionSize > 0n);
    }, 10_000, 'broker 3 to start copying');
    expect((await alter(null)).body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    const [p] = await partitionsOf(kafka, 'cancelled');
    // Kafka reverts to the replica list minus the adding replicas: [3, 2, 1] → [2, 1] (the original set, not its order).
    expect(p.replicas).toEqual([2, 1]);
    expect([...p.isr].sort()).toEqual([1, 2]);
    const dirs3 = (await (await h.protocol(3)).request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: null })).body;
    expect(dirs3.results[0].topics.filter((t) => t.name === 'cancelled')).toEqual([]);
    // Nothing left to cancel.
    expect((await alter(null)).body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NO_REASSIGNMENT_IN_PROGRESS);
    const listed = (await conn.request<ListPartitionReassignmentsResponse>(ApiKey.ListPartitionReassignments, { timeoutMs: 1000, topics: null })).body;
    expect(listed.topics).toEqual([]);
  });

  it('reports a non-zero offset lag in DescribeLogDirs for the adding replica of a throttled move', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'lag');
    await seededTopic(kafka, 'lagging', 1, 300);
    await throttle(kafka, 'lagging', 50_000, [1, 2, 3]);
    await withAdmin(kafka, (a) => a.alterPartitionReassignments({ topics: [{ topic: 'lagging', partitionAssignment: [{ partition: 0, replicas: [3, 2] }] }] }));
    const describe = async (broker: number) => {
      const dirs = (await (await h!.protocol(broker)).request<DescribeLogDirsResponse>(ApiKey.DescribeLogDirs, { topics: [{ topic: 'lagging', partitions: [0] }] })).body;
      return dirs.results[0].topics[0]?.partitions[0];
    };
    await eventually(async () => (await describe(3)) !== undefined, 10_000, 'broker 3 to hold a replica');
    // At 50 KB/s the ~300 KB copy takes seconds: the adding replica is behind the high watermark (300).
    const adding = (await describe(3))!;
    expect(adding.offsetLag).toBeGreaterThan(0n);
    expect(adding.offsetLag).toBeLessThanOrEqual(300n);
    const leader = (await describe(1))!;
    expect(leader.offsetLag).toBe(0n);
    expect(adding.partitionSize).toBeLessThan(leader.partitionSize);
    expect((await ongoing(kafka)).topics).toHaveLength(1);

    await unthrottle(kafka, [1, 2, 3]);
    await eventually(async () => (await ongoing(kafka)).topics.length === 0, 15_000, 'the reassignment to complete');
    expect((await describe(3))!.offsetLag).toBe(0n);
  });

  it('refuses invalid targets with Kafka’s errors', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'errors');
    await seededTopic(kafka, 'target', 1, 0);
    const conn = await h.protocol(1);
    const { body } = await conn.request<AlterPartitionReassignmentsResponse>(ApiKey.AlterPartitionReassignments, {
      timeoutMs: 1000,
      topics: [
        { name: 'target', partitions: [{ partitionIndex: 0, replicas: [1, 1] }, { partitionIndex: 0, replicas: [1, 9] }, { partitionIndex: 0, replicas: [] }, { partitionIndex: 5, replicas: [1] }] },
        { name: 'nope', partitions: [{ partitionIndex: 0, replicas: [1] }] },
      ],
    });
    expect(body.responses.flatMap((t) => t.partitions.map((p) => [t.name, p.partitionIndex, p.errorCode]))).toEqual([
      ['target', 0, ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['target', 0, ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['target', 0, ErrorCode.INVALID_REPLICA_ASSIGNMENT],
      ['target', 5, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
      ['nope', 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(body.responses[0].partitions[1].errorMessage).toMatch(/broker 9, but no such broker is registered/);
    expect((await partitionsOf(kafka, 'target'))[0].replicas).toEqual([1, 2]);
  });
});

describe('faults and traffic during a move', () => {
  it('pauses while the target broker is down and completes when it returns', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'pause');
    await seededTopic(kafka, 'paused', 1, 200);
    await throttle(kafka, 'paused', 50_000, [1, 2, 3]);
    await withAdmin(kafka, (a) => a.alterPartitionReassignments({ topics: [{ topic: 'paused', partitionAssignment: [{ partition: 0, replicas: [1, 3] }] }] }));
    await h.cluster.stopBroker(3);
    await unthrottle(kafka, [1, 2]);
    await new Promise((r) => setTimeout(r, 300));
    expect((await ongoing(kafka)).topics).toHaveLength(1);
    await h.cluster.startBroker(3);
    await unthrottle(kafka, [3]);
    await eventually(async () => (await ongoing(kafka)).topics.length === 0, 15_000, 'the move to finish after the broker returns');
    expect((await partitionsOf(kafka, 'paused'))[0].replicas).toEqual([1, 3]);
    expect((await readTopic(kafka, 'paused')).length).toBe(200);
  });

  it('cancels a move to a broker that never comes back', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'gone');
    await seededTopic(kafka, 'stranded', 1, 100);
    await h.cluster.stopBroker(3);
    const conn = await h.protocol(1);
    const alter = (replicas: number[] | null) =>
      conn.request<AlterPartitionReassignmentsResponse>(ApiKey.AlterPartitionReassignments, { timeoutMs: 1000, topics: [{ name: 'stranded', partitions: [{ partitionIndex: 0, replicas }] }] });
    expect((await alter([3, 2])).body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    await new Promise((r) => setTimeout(r, 300));
    expect((await ongoing(kafka)).topics).toHaveLength(1);
    expect((await alter(null)).body.responses[0].partitions[0].errorCode).toBe(ErrorCode.NONE);
    expect((await ongoing(kafka)).topics).toEqual([]);
    const [p] = await partitionsOf(kafka, 'stranded');
    expect([p.replicas, p.leader]).toEqual([[2, 1], 1]);
    expect((await readTopic(kafka, 'stranded')).length).toBe(100);
  });

  it('keeps every acknowledged acks=all record, exactly once, across a move that changes the leader', async () => {
    h = await startHarness({ brokers: 4 });
    const kafka = kafkaFor(h, 'traffic', 10);
    await seededTopic(kafka, 'busy', 2, 100);
    const writer = await continuousWriter(kafka, 'busy');
    const { acked } = writer;
    await eventually(() => acked.length > 20, 10_000, 'traffic');
    await withAdmin(kafka, (a) => a.alterPartitionReassignments({ topics: [{ topic: 'busy', partitionAssignment: [{ partition: 0, replicas: [3, 4] }, { partition: 1, replicas: [4, 3] }] }] }));
    await eventually(async () => (await ongoing(kafka)).topics.length === 0, 20_000, 'the moves to complete under traffic');
    const count = acked.length;
    await eventually(() => acked.length > count + 20, 10_000, 'traffic after the move');
    await writer.stop();
    expect((await partitionsOf(kafka, 'busy')).map((p) => [p.replicas, p.leader])).toEqual([[[3, 4], 3], [[4, 3], 4]]);
    expect(notExactlyOnce(acked, await readTopic(kafka, 'busy'))).toEqual([]);
  });
});

describe('ElectLeaders', () => {
  it('restores the preferred leader, and says when no election is needed', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'elect');
    await seededTopic(kafka, 'led', 1, 10);
    await h.cluster.stopBroker(1);
    await h.cluster.startBroker(1);
    await eventually(async () => (await partitionsOf(kafka, 'led'))[0].isr.length === 2, 10_000, 'broker 1 back in the ISR');
    expect((await partitionsOf(kafka, 'led'))[0].leader).toBe(2);
    const conn = await h.protocol(2);
    const elect = async () =>
      (await conn.request<ElectLeadersResponse>(ApiKey.ElectLeaders, { electionType: 0, timeoutMs: 1000, topicPartitions: [{ topic: 'led', partitions: [0] }] })).body.replicaElectionResults[0].partitionResult[0].errorCode;
    expect(await elect()).toBe(ErrorCode.NONE);
    expect((await partitionsOf(kafka, 'led'))[0].leader).toBe(1);
    expect(await elect()).toBe(ErrorCode.ELECTION_NOT_NEEDED);
  });
});
