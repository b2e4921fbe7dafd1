/** kafka-python's admin client (Debian's python3-kafka) against the built-in cluster. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir, tempProject } from '../helpers/cli.js';
import { startClusterProcess, type ClusterProcess } from '../helpers/cluster-process.js';
import { havePythonModule, python, skipWithout } from './clients.js';

const CREATE_AND_DESCRIBE = `
import json, sys
from kafka.admin import KafkaAdminClient, NewTopic, ConfigResource, ConfigResourceType
admin = KafkaAdminClient(bootstrap_servers=sys.argv[1].split(','), client_id='conformance')
admin.create_topics([NewTopic(name='py.created.v1', num_partitions=4, replication_factor=2, topic_configs={'retention.ms': '3600000'})])
out = {}
for name in sys.argv[2:]:
    res = admin.describe_configs([ConfigResource(ConfigResourceType.TOPIC, name)])
    entries = res[0].resources[0][4]
    out[name] = {e[0]: e[1] for e in entries}
print(json.dumps({'topics': sorted(admin.list_topics()), 'configs': out}))
admin.close()
`;

describe.skipIf(skipWithout(havePythonModule('kafka'), 'python3-kafka'))('kafka-python KafkaAdminClient', () => {
  let cluster: ClusterProcess;
  let data: { dir: string; cleanup: () => Promise<void> };
  let project: { dir: string; cleanup: () => Promise<void> };

  beforeAll(async () => {
    data = await tempDir();
    project = await tempProject();
    cluster = await startClusterProcess(['--data-dir', data.dir]);
    const apply = await runCli(['apply', '--yes', '--bootstrap', cluster.bootstrap], { cwd: project.dir });
    expect(apply.code).toBe(0);
  });
  afterAll(async () => {
    await cluster?.stop();
    await data?.cleanup();
    await project?.cleanup();
  });

  it('creates a topic and describe_configs returns the values set through the YAML', async () => {
    const out = JSON.parse(await python(CREATE_AND_DESCRIBE, [cluster.bootstrap, 'payments.v1', 'py.created.v1']));
    expect(out.topics).toEqual(expect.arrayContaining(['orders.v1', 'payments.v1', 'py.created.v1']));
    expect(out.configs['payments.v1']['min.insync.replicas']).toBe('2');
    expect(out.configs['py.created.v1']['retention.ms']).toBe('3600000');
    expect(out.configs['py.created.v1']['cleanup.policy']).toBe('delete');

    // The topic kafka-python created is now drift from topicops' point of view: plan sees it only with --prune.
    const plan = await runCli(['plan', '--prune', '--bootstrap', cluster.bootstrap], { cwd: project.dir });
    expect(plan.stdout).toContain('- delete py.created.v1 (4 partitions)');
  });
});
