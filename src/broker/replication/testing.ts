/** kafkajs helpers for the data-half tests: a client on a harness, topic creation, reading a whole topic back. */
import kafkajs, { type Kafka as KafkaClient } from 'kafkajs';
import type { Harness } from '../testing/harness.js';

const { Kafka, logLevel } = kafkajs;

export function kafkaFor(h: Harness, clientId = 'data-test', retries = 5): KafkaClient {
  return new Kafka({
    clientId,
    brokers: h.cluster.bootstrap.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

export async function createTopic(kafka: KafkaClient, topic: string, partitions: number, replicationFactor: number, configs: Record<string, string> = {}): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: [{ topic, numPartitions: partitions, replicationFactor, configEntries: Object.entries(configs).map(([name, value]) => ({ name, value })) }],
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

export interface ReadRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
}

/** Reads every partition of `topic` from its earliest offset to its high watermark, without a group. */
export async function readTopic(kafka: KafkaClient, topic: string): Promise<ReadRecord[]> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const wanted = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
  const out: ReadRecord[] = [];
  const done = new Set<number>([...wanted].filter(([, high]) => high === 0).map(([p]) => p));
  if (done.size === wanted.size) return out;
  const consumer = kafka.consumer({ groupId: `reader-${topic}-${Math.random().toString(36).slice(2)}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`readTopic(${topic}) timed out with ${out.length} records`)), 30_000);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          out.push({ partition, offset: Number(message.offset), key: message.key?.toString() ?? null, value: message.value?.toString() ?? null });
          if (Number(message.offset) + 1 >= wanted.get(partition)!) done.add(partition);
          if (done.size === wanted.size) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** Polls `check` until it holds (or throws after `ms`). */
export async function eventually(check: () => Promise<boolean> | boolean, ms = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Runs `fn` with a connected kafkajs admin, disconnecting it afterwards. */
export async function withAdmin<T>(kafka: KafkaClient, fn: (admin: ReturnType<KafkaClient['admin']>) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Partition metadata of `topic` as kafkajs sees it, by partition id. */
export function partitionsOf(kafka: KafkaClient, topic: string) {
  return withAdmin(kafka, async (admin) => (await admin.fetchTopicMetadata({ topics: [topic] })).topics[0].partitions.sort((a, b) => a.partitionId - b.partitionId));
}

/** An idempotent producer sending `m0`, `m1`, … one acks=all record at a time until stopped; `acked` holds what was acknowledged. */
export async function continuousWriter(kafka: KafkaClient, topic: string): Promise<{ readonly acked: string[]; stop(): Promise<void> }> {
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const acked: string[] = [];
  let stopped = false;
  const loop = (async () => {
    for (let i = 0; !stopped; i++) {
      await producer.send({ topic, acks: -1, messages: [{ key: `k${i % 7}`, value: `m${i}` }] });
      acked.push(`m${i}`);
    }
  })();
  return {
    acked,
    async stop() {
      stopped = true;
      await loop;
      await producer.disconnect();
    },
  };
}

/** The acknowledged values that `read` does not hold exactly once (empty when every one is there once). */
export function notExactlyOnce(acked: readonly string[], read: readonly ReadRecord[]): string[] {
  const counts = new Map<string, number>();
  for (const r of read) if (r.value !== null) counts.set(r.value, (counts.get(r.value) ?? 0) + 1);
  return acked.filter((v) => counts.get(v) !== 1);
}
