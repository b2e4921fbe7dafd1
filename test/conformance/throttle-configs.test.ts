/**
 * Replication throttles set by independent clients, the way kafka-reassign-partitions sets them: broker rates through
 * kafka-python's (cluster default) and confluent-kafka's (one broker) alter_configs on BROKER resources, topic throttled-replica lists on TOPIC
 * resources, read back with describe_configs. (Neither Debian client has the reassignment APIs themselves:
 * kafka-python 2.0.2 and confluent-kafka 1.7 predate them; kafkajs covers those in src/broker/replication.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { havePythonModule, python, skipWithout } from './clients.js';

const KAFKA_PYTHON = `
import json, sys
from kafka.admin import KafkaAdminClient, NewTopic, ConfigResource, ConfigResourceType
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1].split(','), client_id='throttles')
admin.create_topics([NewTopic(name='moving', num_partitions=2, replication_factor=2)])
admin.alter_configs([
    ConfigResource(ConfigResourceType.BROKER, '', {'leader.replication.throttled.rate': '1048576', 'follower.replication.throttled.rate': '2097152'}),
    ConfigResource(ConfigResourceType.TOPIC, 'moving', {'leader.replication.throttled.replicas': '0:1,1:2', 'follower.replication.throttled.replicas': '0:3'}),
])
broker = admin.describe_configs([ConfigResource(ConfigResourceType.BROKER, '2')])[0].resources[0][4]
topic = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, 'moving')])[0].resources[0][4]
names = ('leader.replication.throttled.rate', 'follower.replication.throttled.rate', 'leader.replication.throttled.replicas', 'follower.replication.throttled.replicas')
print(json.dumps({e[0]: e[1] for e in list(broker) + list(topic) if e[0] in names}))
admin.close()
`;

const CONFLUENT = `
import json, sys
from confluent_kafka.admin import AdminClient, ConfigResource
admin = AdminClient({'bootstrap.servers': sys.argv[1]})
res = ConfigResource('broker', '3', set_config={'follower.replication.throttled.rate': '5000000'})
admin.alter_configs([res])[res].result(30)
described = admin.describe_configs([ConfigResource('broker', '3')])
entries = list(described.values())[0].result(30)
print(json.dumps({k: v.value for k, v in entries.items() if 'throttled' in k}))
`;

describe.skipIf(skipWithout(havePythonModule('kafka') && havePythonModule('confluent_kafka'), 'python3-kafka and python3-confluent-kafka'))('replication throttles through Python admin clients', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir();
    cluster = await startClusterProcess(['--data-dir', data.dir, '--brokers', '3']);
  });
  afterAll(async () => {
    await cluster?.stop();
    await data?.cleanup();
  });

  // kafka-python 2.0.2 sends AlterConfigs to any broker, and a broker only takes its own id's configs (Kafka's
  // "Unexpected broker id"), so it sets the cluster-wide default, which every broker then reports.
  it('kafka-python sets cluster-default rates and topic throttled-replica lists, and reads them back', async () => {
    expect(JSON.parse(await python(KAFKA_PYTHON, [cluster.bootstrap]))).toEqual({
      'leader.replication.throttled.rate': '1048576',
      'follower.replication.throttled.rate': '2097152',
      'leader.replication.throttled.replicas': '0:1,1:2',
      'follower.replication.throttled.replicas': '0:3',
    });
  });

  it('confluent-kafka (librdkafka) sets a broker rate and reads it back', async () => {
    const out = JSON.parse(await python(CONFLUENT, [cluster.bootstrap])) as Record<string, string>;
    expect(out['follower.replication.throttled.rate']).toBe('5000000');
  });
});
