/** kafka-python and confluent-kafka (Debian's python3 modules) produce to and consume from the built-in cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { createTopics, havePythonModule, python, skipWithout } from './clients.js';
import { expectExactlyOnceInOrder, keyedRecords, type ConsumedRecord } from './records.js';

/**
 * argv: bootstrap topic group n m. Sends n records with acks='all'; a group consumer reads them all and commits;
 * m more records are sent; a second consumer of the same group must read just those m.
 */
const KAFKA_PYTHON = `
import json, sys, time
from kafka import KafkaProducer, KafkaConsumer
boot, topic, group, n, m = sys.argv[1].split(','), sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])

def produce(start, end):
    p = KafkaProducer(bootstrap_servers=boot, acks='all', linger_ms=5)
    futures = [p.send(topic, key=b'%s-%06d' % (topic.encode(), i), value=b'value-%d' % i) for i in range(start, end)]
    p.flush()
    acks = [[f.get(timeout=10).partition, f.get(timeout=10).offset] for f in futures]
    p.close()
    return acks

def consume(want):
    c = KafkaConsumer(topic, bootstrap_servers=boot, group_id=group, auto_offset_reset='earliest', enable_auto_commit=False)
    got, deadline, quiet_until = [], time.time() + 30, None
    while time.time() < deadline and (quiet_until is None or time.time() < quiet_until):
        for records in c.poll(timeout_ms=200).values():
            for r in records:
                got.append({'partition': r.partition, 'offset': r.offset, 'key': r.key.decode(), 'value': r.value.decode()})
        if len(got) >= want and quiet_until is None:
            quiet_until = time.time() + 0.5  # room for anything extra to show up
    c.commit()
    committed = {str(tp.partition): c.committed(tp) for tp in sorted(c.assignment())}
    c.close()
    return got, committed

acked = produce(0, n)
first, committed = consume(n)
acked_more = produce(n, n + m)
second, _ = consume(m)
print(json.dumps({'acked': acked, 'first': first, 'committed': committed, 'ackedMore': acked_more, 'second': second}))
`;

/** argv: bootstrap topic group n. An idempotent acks=all producer, then a group consumer reading everything. */
const CONFLUENT = `
import json, sys, time
from confluent_kafka import Producer, Consumer
boot, topic, group, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
acked, errors = [], []
def report(err, msg):
    if err is not None: errors.append(str(err))
    else: acked.append([msg.partition(), msg.offset()])
p = Producer({'bootstrap.servers': boot, 'acks': 'all', 'enable.idempotence': True, 'linger.ms': 5})
for i in range(n):
    p.produce(topic, key=b'%s-%06d' % (topic.encode(), i), value=b'value-%d' % i, on_delivery=report)
    p.poll(0)
left = p.flush(30)
c = Consumer({'bootstrap.servers': boot, 'group.id': group, 'auto.offset.reset': 'earliest', 'enable.auto.commit': False})
c.subscribe([topic])
got, deadline = [], time.time() + 30
while len(got) < n and time.time() < deadline:
    msg = c.poll(0.5)
    if msg is None: continue
    if msg.error(): errors.append(str(msg.error())); continue
    got.append({'partition': msg.partition(), 'offset': msg.offset(), 'key': msg.key().decode(), 'value': msg.value().decode()})
c.commit(asynchronous=False)
committed = {str(tp.partition): tp.offset for tp in c.committed(c.assignment(), timeout=10)}
c.close()
print(json.dumps({'left': left, 'errors': errors, 'acked': acked, 'got': got, 'committed': committed}))
`;

/**
 * argv: bootstrap topic group n. Two KafkaConsumer members of one group poll in their own threads until the group
 * has split the topic's partitions between them; then n records are sent with acks='all' and the members read
 * until all n have arrived. Prints each member's assignment (when the records were sent, and at the end) and records.
 */
const KAFKA_PYTHON_TWO_MEMBERS = `
import json, sys, threading, time
from kafka import KafkaProducer, KafkaConsumer
boot, topic, group, n = sys.argv[1].split(','), sys.argv[2], sys.argv[3], int(sys.argv[4])
partitions = 4
stop = threading.Event()
got = {0: [], 1: []}
assigned = {0: [], 1: []}
errors = []

def member(i):
    try:
        c = KafkaConsumer(topic, bootstrap_servers=boot, group_id=group, client_id='member-%d' % i,
                          auto_offset_reset='earliest', enable_auto_commit=False)
        while not stop.is_set():
            for records in c.poll(timeout_ms=100).values():
                for r in records:
                    got[i].append({'partition': r.partition, 'offset': r.offset, 'key': r.key.decode(), 'value': r.value.decode()})
            assigned[i] = sorted(tp.partition for tp in c.assignment())
        c.close()
    except Exception as e:
        errors.append(repr(e))

def split():
    a, b = set(assigned[0]), set(assigned[1])
    return a and b and not (a & b) and len(a | b) == partitions

threads = [threading.Thread(target=member, args=(i,)) for i in (0, 1)]
for t in threads: t.start()
deadline = time.time() + 30
while not split() and time.time() < deadline and not errors: time.sleep(0.05)
at_send = {str(i): list(assigned[i]) for i in (0, 1)}
p = KafkaProducer(bootstrap_servers=boot, acks='all', linger_ms=5)
futures = [p.send(topic, key=b'%s-%06d' % (topic.encode(), i), value=b'value-%d' % i) for i in range(n)]
p.flush()
acked = [[f.get(timeout=10).partition, f.get(timeout=10).offset] for f in futures]
p.close()
deadline = time.time() + 30
while len(got[0]) + len(got[1]) < n and time.time() < deadline and not errors: time.sleep(0.05)
time.sleep(0.5)  # room for anything extra to show up
stop.set()
for t in threads: t.join()
at_end = {str(i): list(assigned[i]) for i in (0, 1)}
print(json.dumps({'errors': errors, 'atSend': at_send, 'atEnd': at_end, 'acked': acked, 'got': {str(i): got[i] for i in (0, 1)}}))
`;

interface Consumed {
  readonly partition: number;
  readonly offset: number;
  readonly key: string;
  readonly value: string;
}

/** Committed offsets per partition must be the number of records each partition holds (the next offset to read). */
function expectCommittedAtEnd(committed: Record<string, number>, records: readonly Consumed[]): void {
  const ends: Record<string, number> = {};
  for (const r of records) ends[String(r.partition)] = Math.max(ends[String(r.partition)] ?? 0, r.offset + 1);
  expect(committed).toEqual(ends);
}

function sentRecords(topic: string, from: number, to: number) {
  return keyedRecords(to, topic)
    .slice(from)
    .map((r, i) => ({ key: r.key, value: `value-${from + i}` }));
}

describe('Python clients produce and consume through the built-in cluster', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
    const topic = (name: string) => ({ topic: name, numPartitions: 4, replicationFactor: 3, configs: { 'min.insync.replicas': '2' } });
    await createTopics(cluster.bootstrap, [topic('py.records'), topic('ck.records'), topic('py.shared')]);
  });
  afterAll(async () => {
    await cluster?.stop();
    await data?.cleanup();
  });

  it.skipIf(skipWithout(havePythonModule('kafka'), 'python3-kafka'))(
    "kafka-python: KafkaProducer(acks='all') then a group KafkaConsumer; the group resumes from its commits",
    async () => {
      const n = 2000;
      const m = 100;
      const out = JSON.parse(await python(KAFKA_PYTHON, [cluster.bootstrap, 'py.records', 'py.group', String(n), String(m)]));

      const first = out.first as ConsumedRecord[];
      const counts = expectExactlyOnceInOrder(sentRecords('py.records', 0, n), first);
      expect(counts.size).toBe(4);
      // What the producer was told (partition, offset) is where the consumer found each record.
      expect(first.map((r) => [r.partition, r.offset]).sort()).toEqual([...out.acked].sort());
      expectCommittedAtEnd(out.committed, first);

      // The second consumer of the group starts at the committed offsets: only the m new records, none of the old.
      const second = out.second as ConsumedRecord[];
      expect(second.map((r) => r.key).sort()).toEqual(sentRecords('py.records', n, n + m).map((r) => r.key));
      for (const r of second) expect(r.offset).toBeGreaterThanOrEqual(counts.get(r.partition)!);
      expect(second.map((r) => [r.partition, r.offset]).sort()).toEqual([...out.ackedMore].sort());
    },
  );

  it.skipIf(skipWithout(havePythonModule('kafka'), 'python3-kafka'))(
    'kafka-python: two KafkaConsumer members of one group share the partitions, each record read once',
    async () => {
      const n = 400;
      const out = JSON.parse(await python(KAFKA_PYTHON_TWO_MEMBERS, [cluster.bootstrap, 'py.shared', 'py.shared.group', String(n)]));
      expect(out.errors).toEqual([]);
      // The group split the 4 partitions between the two members, and kept that split while they read.
      const [a, b] = [out.atSend['0'] as number[], out.atSend['1'] as number[]];
      expect(a.length).toBeGreaterThan(0);
      expect(b.length).toBeGreaterThan(0);
      expect([...a, ...b].sort()).toEqual([0, 1, 2, 3]);
      expect(out.atEnd).toEqual(out.atSend);
      // Each member read only its own partitions, both read something, and together every record exactly once.
      const got = out.got as Record<string, ConsumedRecord[]>;
      for (const [member, records] of Object.entries(got)) {
        expect(records.length).toBeGreaterThan(0);
        for (const r of records) expect(out.atSend[member]).toContain(r.partition);
      }
      const all = [...got['0'], ...got['1']];
      expectExactlyOnceInOrder(sentRecords('py.shared', 0, n), all);
      expect(all.map((r) => [r.partition, r.offset]).sort()).toEqual([...out.acked].sort());
    },
  );

  it.skipIf(skipWithout(havePythonModule('confluent_kafka'), 'python3-confluent-kafka'))(
    'confluent-kafka: idempotent acks=all Producer then a group Consumer that commits',
    async () => {
      const n = 2000;
      const out = JSON.parse(await python(CONFLUENT, [cluster.bootstrap, 'ck.records', 'ck.group', String(n)]));
      expect(out.errors).toEqual([]);
      expect(out.left).toBe(0);
      expect(out.acked).toHaveLength(n);
      const got = out.got as ConsumedRecord[];
      expectExactlyOnceInOrder(sentRecords('ck.records', 0, n), got);
      expect(got.map((r) => [r.partition, r.offset]).sort()).toEqual([...out.acked].sort());
      expectCommittedAtEnd(out.committed, got);
    },
  );
});
