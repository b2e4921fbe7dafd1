/** kafkajs's idempotent producer and a two-member consumer group against `topicops cluster start`. */
import kafkajs, { type Consumer, type Kafka as KafkaClient } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { createTopics } from './clients.js';
import { expectExactlyOnceInOrder, keyedRecords, type ConsumedRecord } from './records.js';

const { Kafka, logLevel } = kafkajs;
const TOPIC = 'kafkajs.records';
const PARTITIONS = 6;

describe('kafkajs producer and consumer group', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let kafka: KafkaClient;

  beforeAll(async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
    await createTopics(cluster.bootstrap, [{ topic: TOPIC, numPartitions: PARTITIONS, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } }]);
    kafka = new Kafka({ clientId: 'conformance', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
  });
  afterAll(async () => {
    await cluster?.stop();
    await data?.cleanup();
  });

  it('an idempotent producer and two group members that share the partitions read every record exactly once', async () => {
    const members = [member(kafka), member(kafka)];
    try {
      for (const m of members) await m.start();
      // Produce only once the group is stable with both members assigned, so no record is read before a rebalance.
      await waitFor(() => {
        const [a, b] = members.map((m) => m.assigned);
        return a.length > 0 && b.length > 0 && a.length + b.length === PARTITIONS && a.every((p) => !b.includes(p));
      }, 30_000);

      const sent = keyedRecords(5000, TOPIC);
      const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      const acked: [number, number][] = [];
      // Several sends, so each partition sees batches with increasing sequence numbers from one producer id.
      for (let i = 0; i < sent.length; i += 500) {
        const results = await producer.send({ topic: TOPIC, messages: sent.slice(i, i + 500) });
        for (const r of results) {
          expect(r.errorCode).toBe(0);
          acked.push([r.partition, Number(r.baseOffset)]);
        }
      }
      await producer.disconnect();

      await waitFor(() => members.reduce((n, m) => n + m.records.length, 0) >= sent.length, 30_000);
      await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
      const consumed = members.flatMap((m) => m.records);
      const counts = expectExactlyOnceInOrder(sent, consumed);
      expect(counts.size).toBe(PARTITIONS);
      for (const m of members) {
        expect(m.records.length).toBeGreaterThan(0);
        expect([...new Set(m.records.map((r) => r.partition))].sort()).toEqual([...m.assigned].sort());
      }
      // Each send's base offset is where the consumer found the first record it wrote to that partition.
      const byOffset = new Set(consumed.map((r) => `${r.partition}:${r.offset}`));
      for (const [p, offset] of acked) expect(byOffset.has(`${p}:${offset}`)).toBe(true);
    } finally {
      for (const m of members) await m.consumer.disconnect();
    }

    // The members committed what they read: the group's offsets are the end of every partition.
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [committed] = await admin.fetchOffsets({ groupId: 'kafkajs.sharers', topics: [TOPIC] });
      const ends = await admin.fetchTopicOffsets(TOPIC);
      const byPartition = (list: { partition: number; offset: string }[]) =>
        Object.fromEntries(list.map((p) => [p.partition, p.offset]));
      expect(byPartition(committed.partitions)).toEqual(byPartition(ends));
    } finally {
      await admin.disconnect();
    }
  });
});

function member(kafka: KafkaClient) {
  const consumer: Consumer = kafka.consumer({ groupId: 'kafkajs.sharers', heartbeatInterval: 500, maxWaitTimeInMs: 500 });
  const state = {
    consumer,
    /** Partitions of the latest assignment this member received. */
    assigned: [] as number[],
    records: [] as ConsumedRecord[],
    async start() {
      consumer.on(consumer.events.GROUP_JOIN, (e) => (state.assigned = e.payload.memberAssignment[TOPIC] ?? []));
      await consumer.connect();
      await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ partition, message }) => {
          state.records.push({ partition, offset: Number(message.offset), key: String(message.key), value: String(message.value) });
        },
      });
    },
  };
  return state;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
