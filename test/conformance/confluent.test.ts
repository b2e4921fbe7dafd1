/** confluent-kafka (librdkafka's admin client, Debian's python3-confluent-kafka) against the built-in cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { havePythonModule, python, skipWithout } from './clients.js';

const SCRIPT = `
import json, sys
from confluent_kafka.admin import AdminClient, NewTopic, NewPartitions, ConfigResource
admin = AdminClient({'bootstrap.servers': sys.argv[1]})
for f in admin.create_topics([NewTopic('ck.events.v1', num_partitions=3, replication_factor=3, config={'cleanup.policy': 'compact'})]).values():
    f.result(timeout=20)
bad = admin.create_topics([NewTopic('ck.bad.v1', num_partitions=1, replication_factor=5)])
try:
    bad['ck.bad.v1'].result(timeout=20)
    bad_error = None
except Exception as e:
    bad_error = e.args[0].name()
for f in admin.create_partitions([NewPartitions('ck.events.v1', 5)]).values():
    f.result(timeout=20)
md = admin.list_topics(timeout=20)
res = admin.describe_configs([ConfigResource('topic', 'ck.events.v1')])
cfg = {k: v.value for k, v in list(res.values())[0].result(timeout=20).items()}
print(json.dumps({
  'brokers': sorted(md.brokers.keys()),
  'partitions': len(md.topics['ck.events.v1'].partitions),
  'cleanup': cfg['cleanup.policy'],
  'badError': bad_error,
}))
`;

describe.skipIf(skipWithout(havePythonModule('confluent_kafka'), 'python3-confluent-kafka'))('confluent-kafka AdminClient', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  beforeAll(async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir]);
  });
  afterAll(async () => {
    await cluster?.stop();
    await data?.cleanup();
  });

  it('creates topics, adds partitions and describes configs', async () => {
    const out = JSON.parse(await python(SCRIPT, [cluster.bootstrap]));
    expect(out).toEqual({ brokers: [1, 2, 3], partitions: 5, cleanup: 'compact', badError: 'INVALID_REPLICATION_FACTOR' });
  });
});
