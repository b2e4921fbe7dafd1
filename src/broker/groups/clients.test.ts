/**
 * Independent clients against the group coordinator: librdkafka (confluent-kafka) and kafka-python 2.0.2 join
 * groups, get assignments, commit and read offsets, list/describe/delete groups. Consuming records needs
 * Fetch (the data half): the members here are driven up to their assignment only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { havePythonModule, python, skipWithout } from '../../../test/conformance/clients.js';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 3, groups: { initialRebalanceDelayMs: 300 } });
  const admin = await h.admin();
  await admin.createTopics({ topics: [{ topic: 'shared', numPartitions: 4, replicationFactor: 2 }] });
});
afterAll(async () => h?.stop());

const LIBRDKAFKA = `
import sys, json, time
from confluent_kafka import Consumer, TopicPartition
from confluent_kafka.admin import AdminClient
b = sys.argv[1]
got = {}
def member(name):
    c = Consumer({'bootstrap.servers': b, 'group.id': 'rdk-group', 'client.id': name, 'session.timeout.ms': 10000, 'enable.auto.commit': False})
    c.subscribe(['shared'], on_assign=lambda cons, parts: got.__setitem__(name, sorted(p.partition for p in parts)))
    return c
members = [member('r1'), member('r2')]
start = time.time()
while len(got) < 2 and time.time() - start < 20:
    for c in members: c.poll(0.1)
c = members[0]
c.commit(offsets=[TopicPartition('shared', got['r1'][0], 5)], asynchronous=False)
committed = [(p.partition, p.offset) for p in c.committed([TopicPartition('shared', p) for p in range(4)], timeout=10)]
for c in members: c.close()
groups = [(g.id, g.state, g.protocol_type) for g in AdminClient({'bootstrap.servers': b}).list_groups(timeout=10) if g.id == 'rdk-group']
print(json.dumps({'assigned': got, 'committed': committed, 'groups': groups}))
`;

const KAFKA_PYTHON = `
import sys, json
from kafka import KafkaConsumer, KafkaAdminClient, TopicPartition
from kafka.structs import OffsetAndMetadata
b = sys.argv[1].split(',')
out = {}
simple = KafkaConsumer(bootstrap_servers=b, group_id='kp-simple', enable_auto_commit=False)
tp = TopicPartition('shared', 1)
simple.assign([tp])
simple.commit({tp: OffsetAndMetadata(17, 'kp-meta')})
out['committed'] = simple.committed(tp)
simple.close(autocommit=False)
member = KafkaConsumer('shared', bootstrap_servers=b, group_id='kp-group', enable_auto_commit=False, session_timeout_ms=10000)
member._coordinator.ensure_coordinator_ready()
member._coordinator.ensure_active_group()
out['assigned'] = sorted(p.partition for p in member.assignment())
admin = KafkaAdminClient(bootstrap_servers=b)
out['listed'] = sorted(g for g in admin.list_consumer_groups() if g[0].startswith('kp-'))
d = admin.describe_consumer_groups(['kp-group'])[0]
out['described'] = [d.state, d.protocol_type, d.protocol, [m.client_id for m in d.members], [m.member_assignment.assignment for m in d.members]]
out['offsets'] = [(tp.partition, o.offset, o.metadata) for tp, o in admin.list_consumer_group_offsets('kp-simple').items()]
member.close(autocommit=False)
out['after'] = admin.describe_consumer_groups(['kp-group'])[0].state
out['deleted'] = [(g, e.__name__) for g, e in admin.delete_consumer_groups(['kp-simple'])]
print(json.dumps(out))
`;

describe.skipIf(skipWithout(havePythonModule('confluent_kafka'), 'python3-confluent-kafka'))('librdkafka consumer group', () => {
  it('two members share the partitions; commit, committed and list_groups work', async () => {
    const out = JSON.parse(await python(LIBRDKAFKA, [h.cluster.bootstrap])) as
      { assigned: Record<string, number[]>; committed: [number, number][]; groups: [string, string, string][] };
    expect([...out.assigned.r1, ...out.assigned.r2].sort()).toEqual([0, 1, 2, 3]);
    expect(out.assigned.r1).toHaveLength(2);
    const first = out.assigned.r1[0];
    // librdkafka shows "no committed offset" as -1001 (RD_KAFKA_OFFSET_INVALID).
    expect(out.committed).toEqual([0, 1, 2, 3].map((p) => [p, p === first ? 5 : -1001]));
    expect(out.groups).toEqual([['rdk-group', 'Empty', 'consumer']]);
  });
});

describe.skipIf(skipWithout(havePythonModule('kafka'), 'python3-kafka'))('kafka-python consumer group and admin', () => {
  it('simple commits, a group member, list/describe/offsets/delete', async () => {
    const out = JSON.parse(await python(KAFKA_PYTHON, [h.cluster.bootstrap])) as Record<string, unknown>;
    expect(out.committed).toBe(17);
    expect(out.assigned).toEqual([0, 1, 2, 3]);
    expect(out.listed).toEqual([['kp-group', 'consumer'], ['kp-simple', '']]);
    expect(out.described).toEqual(['Stable', 'consumer', 'range', ['kafka-python-2.0.2'], [[['shared', [0, 1, 2, 3]]]]]);
    expect(out.offsets).toEqual([[1, 17, 'kp-meta']]);
    expect(out.after).toBe('Empty');
    expect(out.deleted).toEqual([['kp-simple', 'NoError']]);
  });
});
