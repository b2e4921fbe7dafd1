/**
 * Serving details Kafka defines: ListOffsets by timestamp, OFFSET_OUT_OF_RANGE on Fetch, throttles that never slow
 * ISR followers, and ElectLeaders UNCLEAN for a partition whose ISR is gone.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ElectLeadersResponse } from '../../protocol/generated/ElectLeadersResponse.js';
import type { FetchResponse } from '../../protocol/generated/FetchResponse.js';
import type { MetadataResponse } from '../../protocol/generated/MetadataResponse.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { createTopic, kafkaFor, readTopic } from './testing.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

async function leaderOf(harness: Harness, topic: string): Promise<{ leader: number; replicas: number[]; isr: number[] }> {
  const conn = await harness.protocol(harness.cluster.onlineBrokers()[0]);
  const { body } = await conn.request<MetadataResponse>(ApiKey.Metadata, { topics: [{ name: topic }] });
  const p = body.topics[0].partitions[0];
  return { leader: p.leaderId, replicas: p.replicaNodes, isr: p.isrNodes };
}

describe('ListOffsets and Fetch', () => {
  it('finds offsets by timestamp, and answers a fetch past the log end with OFFSET_OUT_OF_RANGE', async () => {
    h = await startHarness({ brokers: 1 });
    const kafka = kafkaFor(h, 'offsets');
    await createTopic(kafka, 'timed', 1, 1);
    const producer = kafka.producer();
    await producer.connect();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 10; i++) await producer.send({ topic: 'timed', acks: -1, messages: [{ value: `v${i}`, timestamp: String(t0 + i * 1000) }] });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', t0 + 4500)).toEqual([{ partition: 0, offset: '5' }]);
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', t0)).toEqual([{ partition: 0, offset: '0' }]);
    // After the last record: no offset (-1), which kafkajs reports as the high watermark.
    expect(await admin.fetchTopicOffsetsByTimestamp('timed', t0 + 60_000)).toEqual([{ partition: 0, offset: '10' }]);
    await admin.disconnect();

    const conn = await h.protocol(1);
    const fetch = (fetchOffset: bigint) =>
      conn.request<FetchResponse>(ApiKey.Fetch, {
        replicaId: -1, maxWaitMs: 0, minBytes: 1, maxBytes: 1 << 20, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
        topics: [{ topic: 'timed', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset, logStartOffset: -1n, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [], rackId: '',
      });
    const past = (await fetch(11n)).body.responses[0].partitions[0];
    expect(past).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
    const atEnd = (await fetch(10n)).body.responses[0].partitions[0];
    expect(atEnd).toMatchObject({ errorCode: ErrorCode.NONE, highWatermark: 10n, logStartOffset: 0n });
    expect(atEnd.records?.length ?? 0).toBe(0);
  });
});

describe('throttles and the ISR', () => {
  it('never slows ISR followers: acks=all traffic flows at full speed under a 1 KB/s throttle on every replica', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'unthrottled-isr');
    await createTopic(kafka, 'hot', 1, 3, { 'leader.replication.throttled.replicas': '*', 'follower.replication.throttled.replicas': '*' });
    const admin = kafka.admin();
    await admin.connect();
    await admin.alterConfigs({
      validateOnly: false,
      resources: [1, 2, 3].map((b) => ({
        type: 4 as const,
        name: String(b),
        configEntries: [
          { name: 'leader.replication.throttled.rate', value: '1000' },
          { name: 'follower.replication.throttled.rate', value: '1000' },
        ],
      })),
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    // 2 MB through ISR followers: at 1 KB/s this would take half an hour; acks=all would time out after 30 s.
    const value = Buffer.alloc(1024, 'h');
    for (let i = 0; i < 20; i++) {
      await producer.send({ topic: 'hot', acks: -1, timeout: 10_000, messages: Array.from({ length: 100 }, () => ({ value })) });
    }
    await producer.disconnect();
    expect((await leaderOf(h, 'hot')).isr).toHaveLength(3);
  });
});

describe('ElectLeaders UNCLEAN', () => {
  it('gives a leaderless partition a leader from its live out-of-sync replicas', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'unclean');
    await createTopic(kafka, 'lost', 1, 2);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'lost', acks: -1, messages: [{ value: 'replicated' }] });
    await producer.disconnect();
    const { leader, replicas } = await leaderOf(h, 'lost');
    const follower = replicas.find((r) => r !== leader)!;
    await h.cluster.stopBroker(follower);
    await h.cluster.stopBroker(leader);
    await h.cluster.startBroker(follower);
    expect((await leaderOf(h, 'lost')).leader).toBe(-1);
    const conn = await h.protocol(follower);
    const elect = async (electionType: number) =>
      (await conn.request<ElectLeadersResponse>(ApiKey.ElectLeaders, { electionType, timeoutMs: 1000, topicPartitions: [{ topic: 'lost', partitions: [0] }] })).body.replicaElectionResults[0].partitionResult[0].errorCode;
    expect(await elect(0)).toBe(ErrorCode.PREFERRED_LEADER_NOT_AVAILABLE);
    expect(await elect(1)).toBe(ErrorCode.NONE);
    expect(await leaderOf(h, 'lost')).toMatchObject({ leader: follower, isr: [follower] });
    expect(await elect(1)).toBe(ErrorCode.ELECTION_NOT_NEEDED);
    expect((await readTopic(kafka, 'lost')).map((r) => r.value)).toEqual(['replicated']);
  });
});
