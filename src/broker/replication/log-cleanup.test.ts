/**
 * Topic configs take effect in the running cluster: retention by time and size removes whole segments and moves the
 * earliest offset (ListOffsets), compaction keeps the latest record per key and drops tombstones after
 * delete.retention.ms, DeleteRecords moves the log start, max.message.bytes refuses large batches, and a compacted
 * topic refuses records without a key. All through kafkajs against the cluster over TCP.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DeleteRecordsResponse } from '../../protocol/generated/DeleteRecordsResponse.js';
import { kafkajsErrorTypes, startHarness, type Harness } from '../testing/harness.js';
import { createTopic, eventually, kafkaFor, readTopic } from './testing.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

/** Maintenance (retention, compaction) every 100 ms instead of Kafka's 5 minutes. */
const FAST_MAINTENANCE = { replication: { maintenanceIntervalMs: 100 } };

async function earliest(kafka: ReturnType<typeof kafkaFor>, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return Number((await admin.fetchTopicOffsets(topic))[0].low);
  } finally {
    await admin.disconnect();
  }
}

const value = (i: number) => `${String(i).padStart(6, '0')}-${'x'.repeat(200)}`;

describe('retention', () => {
  it('deletes whole segments past retention.bytes and advances the earliest offset', async () => {
    h = await startHarness({ brokers: 1, ...FAST_MAINTENANCE });
    const kafka = kafkaFor(h, 'retention-bytes');
    await createTopic(kafka, 'sized', 1, 1, { 'segment.bytes': '2048', 'retention.bytes': '4096' });
    const producer = kafka.producer();
    await producer.connect();
    for (let i = 0; i < 100; i++) await producer.send({ topic: 'sized', acks: -1, messages: [{ value: value(i) }] });
    await producer.disconnect();
    await eventually(async () => (await earliest(kafka, 'sized')) > 0, 10_000, 'retention to delete segments');
    const records = await readTopic(kafka, 'sized');
    const first = await earliest(kafka, 'sized');
    expect(records[0].offset).toBe(first);
    // What is left is a contiguous tail ending with the last record, and no more than the size limit plus a segment.
    expect(records.map((r) => r.value)).toEqual(Array.from({ length: 100 - first }, (_, i) => value(first + i)));
    expect(records.length * 260).toBeLessThan(4096 + 2048 + 1024);
  });

  it('deletes segments older than retention.ms', async () => {
    h = await startHarness({ brokers: 1, ...FAST_MAINTENANCE });
    const kafka = kafkaFor(h, 'retention-time');
    await createTopic(kafka, 'aged', 1, 1, { 'segment.bytes': '1024', 'retention.ms': '1500' });
    const producer = kafka.producer();
    await producer.connect();
    const old = Date.now() - 60_000;
    for (let i = 0; i < 20; i++) await producer.send({ topic: 'aged', acks: -1, messages: [{ value: value(i), timestamp: String(old) }] });
    await producer.send({ topic: 'aged', acks: -1, messages: [{ value: 'fresh' }] });
    await producer.disconnect();
    await eventually(async () => (await earliest(kafka, 'aged')) >= 16, 10_000, 'old segments to expire');
    const values = (await readTopic(kafka, 'aged')).map((r) => r.value);
    expect(values.at(-1)).toBe('fresh');
    expect(values).not.toContain(value(0));
  });

  it('moves the log start offset with DeleteRecords', async () => {
    h = await startHarness({ brokers: 3 });
    const kafka = kafkaFor(h, 'delete-records');
    await createTopic(kafka, 'trimmed', 1, 3);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'trimmed', acks: -1, messages: Array.from({ length: 10 }, (_, i) => ({ value: `r${i}` })) });
    await producer.disconnect();
    const admin = kafka.admin();
    await admin.connect();
    await admin.fetchTopicOffsets('trimmed'); // kafkajs's deleteTopicRecords needs the topic's metadata loaded
    await admin.deleteTopicRecords({ topic: 'trimmed', partitions: [{ partition: 0, offset: '7' }] });
    expect((await admin.fetchTopicOffsets('trimmed'))[0]).toMatchObject({ low: '7', high: '10' });
    const leader = (await admin.fetchTopicMetadata({ topics: ['trimmed'] })).topics[0].partitions[0].leader;
    await admin.disconnect();
    // Past the high watermark: the broker's own answer (kafkajs refuses it before sending).
    const conn = await h.protocol(leader);
    const { body } = await conn.request<DeleteRecordsResponse>(ApiKey.DeleteRecords, { timeoutMs: 1000, topics: [{ name: 'trimmed', partitions: [{ partitionIndex: 0, offset: 11n }] }] });
    expect(body.topics[0].partitions[0]).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE });
    expect((await readTopic(kafka, 'trimmed')).map((r) => r.value)).toEqual(['r7', 'r8', 'r9']);
  });
});

describe('compaction', () => {
  it('keeps the latest record per key and drops tombstones after delete.retention.ms', async () => {
    h = await startHarness({ brokers: 3, ...FAST_MAINTENANCE });
    const kafka = kafkaFor(h, 'compaction');
    await createTopic(kafka, 'state', 1, 3, {
      'cleanup.policy': 'compact',
      'segment.bytes': '1024',
      'min.cleanable.dirty.ratio': '0.01',
      'delete.retention.ms': '500',
    });
    const producer = kafka.producer();
    await producer.connect();
    for (let round = 0; round < 10; round++) {
      await producer.send({ topic: 'state', acks: -1, messages: ['a', 'b', 'c', 'd'].map((k) => ({ key: k, value: `${k}${round}-${'y'.repeat(40)}` })) });
    }
    await producer.send({ topic: 'state', acks: -1, messages: [{ key: 'd', value: null }] });
    const roll = async (from: number) => {
      for (let i = from; i < from + 20; i++) await producer.send({ topic: 'state', acks: -1, messages: [{ key: 'e', value: `e${i}-${'z'.repeat(40)}` }] });
    };
    // Roll past the tombstone so it sits in a closed, cleanable segment.
    await roll(0);
    const keysOf = async () => (await readTopic(kafka, 'state')).filter((r) => r.key !== 'e').map((r) => r.key);
    await eventually(async () => (await keysOf()).join() === 'a,b,c,d', 10_000, 'compaction to keep one record per key');
    // The first cleaning keeps the tombstone (consumers get delete.retention.ms to see it); once that has passed, the
    // next cleaning — new dirty data makes one — removes it.
    await new Promise((r) => setTimeout(r, 600));
    await roll(20);
    await eventually(async () => (await keysOf()).join() === 'a,b,c', 10_000, 'the tombstone to be removed');
    await producer.disconnect();

    const records = await readTopic(kafka, 'state');
    const latest = new Map(records.map((r) => [r.key, r.value]));
    expect(latest.get('a')).toMatch(/^a9-/);
    expect(latest.get('b')).toMatch(/^b9-/);
    expect(latest.has('d')).toBe(false);
    // Offsets are kept, never renumbered.
    const offsets = records.map((r) => r.offset);
    expect(offsets).toEqual([...offsets].sort((x, y) => x - y));
    expect(offsets.at(-1)).toBe(4 * 10 + 1 + 40 - 1);
  });

  it('refuses records without a key on a compacted topic', async () => {
    h = await startHarness({ brokers: 1 });
    const kafka = kafkaFor(h, 'keyless', 0);
    await createTopic(kafka, 'compacted', 1, 1, { 'cleanup.policy': 'compact' });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const failure = await producer.send({ topic: 'compacted', acks: -1, messages: [{ value: 'no key' }] }).then(() => null, (e: unknown) => e);
    await producer.disconnect();
    expect(kafkajsErrorTypes(failure).some((t) => t === 'INVALID_RECORD' || t === 'CORRUPT_MESSAGE')).toBe(true);
  });
});

describe('max.message.bytes', () => {
  it('refuses a batch larger than max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    h = await startHarness({ brokers: 1 });
    const kafka = kafkaFor(h, 'large', 0);
    await createTopic(kafka, 'small', 1, 1, { 'max.message.bytes': '1000' });
    const producer = kafka.producer({ retry: { retries: 0 } });
    await producer.connect();
    const failure = await producer.send({ topic: 'small', acks: -1, messages: [{ value: 'x'.repeat(5000) }] }).then(() => null, (e: unknown) => e);
    const [ok] = await producer.send({ topic: 'small', acks: -1, messages: [{ value: 'fits' }] });
    await producer.disconnect();
    expect(kafkajsErrorTypes(failure)).toContain('MESSAGE_TOO_LARGE');
    expect(ok.errorCode).toBe(0);
  });
});
