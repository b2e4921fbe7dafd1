/**
 * Replication, ISR and broker faults of the built-in cluster, driven through kafkajs over TCP: acks and
 * min.insync.replicas, the ISR shown by Metadata, leader election from the ISR when a leader's broker stops,
 * catching up after a restart, and no acknowledged record lost on the way.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { MetadataResponse } from '../../protocol/generated/MetadataResponse.js';
import { kafkajsErrorTypes, startHarness, type Harness } from '../testing/harness.js';
import { continuousWriter, createTopic, eventually, kafkaFor, notExactlyOnce, partitionsOf, readTopic } from './testing.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('acks and min.insync.replicas', () => {
  it('refuses acks=all with NOT_ENOUGH_REPLICAS when two of three brokers are down, while acks=1 still writes', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'acks');
    await createTopic(kafka, 'durable', 1, 3, { 'min.insync.replicas': '2' });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await producer.send({ topic: 'durable', acks: -1, messages: [{ key: 'a', value: 'before' }] });

    const [p] = await partitionsOf(kafka, 'durable');
    for (const id of p.replicas.filter((r) => r !== p.leader)) await h.cluster.stopBroker(id);
    const [after] = await partitionsOf(kafka, 'durable');
    expect(after.isr).toEqual([p.leader]);
    expect([...(after.offlineReplicas ?? [])].sort()).toEqual(p.replicas.filter((r) => r !== p.leader).sort());

    const failure = await producer.send({ topic: 'durable', acks: -1, messages: [{ value: 'refused' }] }).then(() => null, (e: unknown) => e);
    expect(kafkajsErrorTypes(failure)).toContain('NOT_ENOUGH_REPLICAS');
    const [ok] = await producer.send({ topic: 'durable', acks: 1, messages: [{ value: 'leader only' }] });
    expect(ok.errorCode).toBe(0);
    await producer.disconnect();

    const values = (await readTopic(kafka, 'durable')).map((r) => r.value);
    expect(values).toEqual(['before', 'leader only']);
  });
});

describe('leader failure', () => {
  it('elects a new leader from the ISR and loses no acknowledged record while producing continuously', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'failover', 10);
    await createTopic(kafka, 'failover', 3, 3, { 'min.insync.replicas': '2' });
    const writer = await continuousWriter(kafka, 'failover');
    const { acked } = writer;
    await eventually(() => acked.length >= 50, 10_000, '50 acknowledged records');
    const before = await partitionsOf(kafka, 'failover');
    const victim = before[0].leader;
    await h.cluster.stopBroker(victim);
    const after = await partitionsOf(kafka, 'failover');
    for (const [i, p] of after.entries()) {
      expect(p.leader).not.toBe(victim);
      expect(before[i].isr).toContain(p.leader);
      expect(p.isr).not.toContain(victim);
    }
    const countAtStop = acked.length;
    await eventually(() => acked.length >= countAtStop + 50, 15_000, '50 more acknowledged records after the stop');
    await writer.stop();
    expect(notExactlyOnce(acked, await readTopic(kafka, 'failover'))).toEqual([]);
  });

  it('takes a restarted broker back into the ISR once it has caught up', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'rejoin');
    await createTopic(kafka, 'rejoin', 1, 3);
    const producer = kafka.producer();
    await producer.connect();
    const [p] = await partitionsOf(kafka, 'rejoin');
    const follower = p.replicas.find((r) => r !== p.leader)!;
    await h.cluster.stopBroker(follower);
    await producer.send({ topic: 'rejoin', acks: -1, messages: Array.from({ length: 100 }, (_, i) => ({ value: `while-down-${i}` })) });
    expect((await partitionsOf(kafka, 'rejoin'))[0].isr).not.toContain(follower);
    await h.cluster.startBroker(follower);
    await eventually(async () => (await partitionsOf(kafka, 'rejoin'))[0].isr.includes(follower), 10_000, 'the follower to rejoin the ISR');
    await producer.disconnect();

    // With only the restarted follower and the leader left, everything is still there.
    const third = p.replicas.find((r) => r !== p.leader && r !== follower)!;
    await h.cluster.stopBroker(third);
    await h.cluster.stopBroker(p.leader);
    const [now] = await partitionsOf(kafka, 'rejoin');
    expect(now.leader).toBe(follower);
    expect((await readTopic(kafka, 'rejoin')).map((r) => r.value)).toEqual(Array.from({ length: 100 }, (_, i) => `while-down-${i}`));
  });

  it('takes a partition offline when no ISR member is left, and back when one returns', async () => {
    h = await startHarness({ brokers: 2 });
    const kafka = kafkaFor(h, 'offline');
    await createTopic(kafka, 'fragile', 1, 2);
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    await producer.send({ topic: 'fragile', acks: -1, messages: [{ value: 'kept' }] });
    const [p] = await partitionsOf(kafka, 'fragile');
    const follower = p.replicas.find((r) => r !== p.leader)!;
    await h.cluster.stopBroker(follower);
    await h.cluster.stopBroker(p.leader);
    await h.cluster.startBroker(follower);
    const conn = await h.protocol(follower);
    const { body } = await conn.request<MetadataResponse>(ApiKey.Metadata, { topics: [{ name: 'fragile' }] });
    // The returning broker left the ISR when it stopped: it may not lead (unclean.leader.election.enable=false).
    expect(body.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.LEADER_NOT_AVAILABLE, leaderId: -1, isrNodes: [p.leader], offlineReplicas: [p.leader] });
    await h.cluster.startBroker(p.leader);
    await eventually(async () => (await partitionsOf(kafka, 'fragile'))[0].leader === p.leader, 5_000, 'the last ISR member to lead again');
    await producer.disconnect();
    expect((await readTopic(kafka, 'fragile')).map((r) => r.value)).toEqual(['kept']);
  });
});

describe('ISR shrink on lag (replica.lag.time.max.ms)', () => {
  it('drops a live follower that stops fetching from the ISR, and takes it back once it fetches again', async () => {
    h = await startHarness({ brokers: 2, replication: { replicaLagTimeMaxMs: 500 } });
    const kafka = kafkaFor(h, 'lagging');
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'lagging', replicaAssignment: [{ partition: 0, replicas: [1, 2] }] }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'lagging', acks: -1, messages: [{ key: 'k', value: 'in sync' }] });
    expect([...(await partitionsOf(kafka, 'lagging'))[0].isr].sort()).toEqual([1, 2]);

    h.cluster.pauseReplication(2, true);
    // The follower is behind only once there is something to fetch: a caught-up idle follower stays in sync, as in Kafka.
    await producer.send({ topic: 'lagging', acks: 1, messages: [{ key: 'k', value: 'while paused' }] });
    await eventually(async () => !(await partitionsOf(kafka, 'lagging'))[0].isr.includes(2), 10_000, 'the paused follower to leave the ISR');
    const [shrunk] = await partitionsOf(kafka, 'lagging');
    expect(h.cluster.onlineBrokers()).toContain(2); // alive, just not fetching
    expect(shrunk).toMatchObject({ leader: 1, replicas: [1, 2], isr: [1] });
    expect(shrunk.offlineReplicas ?? []).toEqual([]);

    h.cluster.pauseReplication(2, false);
    await eventually(async () => (await partitionsOf(kafka, 'lagging'))[0].isr.includes(2), 10_000, 'the follower to rejoin the ISR');
    // In sync again: acks=all needs broker 2 to have the data, and the leader moves there with nothing lost.
    await producer.send({ topic: 'lagging', acks: -1, messages: [{ key: 'k', value: 'rejoined' }] });
    await producer.disconnect();
    await h.cluster.stopBroker(1);
    await eventually(async () => (await partitionsOf(kafka, 'lagging'))[0].leader === 2, 10_000, 'broker 2 to lead');
    expect((await readTopic(kafka, 'lagging')).map((r) => r.value)).toEqual(['in sync', 'while paused', 'rejoined']);
  });
});
