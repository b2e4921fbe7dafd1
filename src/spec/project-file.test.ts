import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultProjectConfig, parseProjectFile } from './project-file.js';
import { FIXTURES, expectProblem, loadFixture } from './test-support.js';

describe('topicops.yaml', () => {
  it('no project file: one built-in cluster "local" with 3 brokers, no racks, .topicops/cluster', () => {
    expect(defaultProjectConfig('/p')).toEqual({
      dir: '/p',
      topicsDir: '/p/topics',
      clusters: { local: { name: 'local', builtIn: { brokers: 3, dataDir: '/p/.topicops/cluster' } } },
      defaultCluster: 'local',
      defaults: { config: {} },
      policies: { requiredConfigs: [] },
      protectedTopics: ['^__'],
      prune: false,
      ignoredConfigs: ['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas'],
    });
  });

  it('an empty project file means the defaults', () => {
    expect(parseProjectFile('# nothing yet\n', '/p')).toEqual({ project: defaultProjectConfig('/p'), problems: [], topicsDirAt: undefined });
  });

  it('reads clusters, defaultCluster, topicsDir, prune and ignoredConfigs (fixture clusters-good/)', async () => {
    const r = await loadFixture('clusters-good');
    const dir = path.join(FIXTURES, 'clusters-good');
    expect(r.problems).toEqual([]);
    expect(r.project.clusters).toEqual({
      local: { name: 'local', builtIn: { brokers: 3, racks: ['a', 'b', 'c'], dataDir: path.join(dir, '.topicops/cluster') } },
      ci: { name: 'ci', builtIn: { brokers: 1, dataDir: '/tmp/topicops-ci' } },
      prod: { name: 'prod', bootstrap: ['kafka-1:9092', 'kafka-2.internal:9093', '[::1]:9092'] },
    });
    expect(r.project.defaultCluster).toBe('prod');
    expect(r.project.topicsDir).toBe(path.join(dir, 'streams'));
    expect(r.project.prune).toBe(true);
    expect(r.desired.prune).toBe(true);
    expect(r.project.ignoredConfigs).toContain('message.downconversion.enable');
  });

  it('without defaultCluster, "local" is the default, else the first cluster', () => {
    const first = parseProjectFile('clusters:\n  prod: { bootstrap: [k:9092] }\n  dev: { bootstrap: [d:9092] }\n', '/p');
    expect(first.project.defaultCluster).toBe('prod');
    const local = parseProjectFile('clusters:\n  prod: { bootstrap: [k:9092] }\n  local: { builtIn: {} }\n', '/p');
    expect(local.project.defaultCluster).toBe('local');
    expect(local.project.clusters.local.builtIn).toEqual({ brokers: 3, dataDir: '/p/.topicops/cluster' });
  });

  it('reports every problem of a broken project file (fixture clusters-bad/)', async () => {
    const r = await loadFixture('clusters-bad');
    const p = r.problems;
    expectProblem(p, 'topicops.yaml:2:3', 'error', 'clusters.both', 'must have exactly one of builtIn or bootstrap, not both');
    expectProblem(p, 'topicops.yaml:5:3', 'error', 'clusters.neither', 'needs builtIn (a built-in cluster) or bootstrap');
    expectProblem(p, 'topicops.yaml:7:35', 'error', 'clusters.racks.builtIn.racks', 'lists 2 rack(s) for 3 broker(s)');
    expectProblem(p, 'topicops.yaml:9:5', 'error', 'clusters.local.builtin', 'unknown key "builtin"; did you mean "builtIn"?');
    expectProblem(p, 'topicops.yaml:11:17', 'error', 'clusters.bad-bootstrap.bootstrap[0]', 'expected host:port', '"kafka-1"');
    expectProblem(p, 'topicops.yaml:11:26', 'error', 'clusters.bad-bootstrap.bootstrap[1]', 'expected host:port', '"kafka 2:9092"');
    expectProblem(p, 'topicops.yaml:12:3', 'error', 'clusters.bad name!', 'invalid name "bad name!"');
    expectProblem(p, 'topicops.yaml:15:25', 'error', 'clusters.zero.builtIn.brokers', 'must be at least 1');
    expectProblem(p, 'topicops.yaml:17:14', 'error', 'clusters.shared.builtIn', 'clusters "racks" and "shared" would share the data directory .topicops/cluster');
    expectProblem(p, 'topicops.yaml:18:17', 'error', 'defaultCluster', 'no cluster named "prod"');
    expectProblem(p, 'topicops.yaml:19:12', 'error', 'topicsDir', 'topics directory nowhere does not exist');
    expectProblem(p, 'topicops.yaml:21:14', 'error', 'defaults.placement', 'static placement cannot be a default');
    expectProblem(p, 'topicops.yaml:23:19', 'error', 'defaults.config.retention.ms', 'invalid duration "forever"');
    expectProblem(p, 'topicops.yaml:24:5', 'error', 'defaults.config.leader.replication.throttled.replicas', 'managed by partition reassignments');
    expectProblem(p, 'topicops.yaml:25:8', 'error', 'prune', 'expected true or false, got the string "yes"');
    expectProblem(p, 'topicops.yaml:26:18', 'warning', 'ignoredConfigs[0]', 'did you mean "retention.ms"?');
    expectProblem(p, 'topicops.yaml:27:1', 'error', 'extra', 'unknown key "extra" (allowed: clusters, defaultCluster');
    expect(p).toHaveLength(17);
  });

  it('an empty clusters map is an error', async () => {
    const r = await loadFixture('no-clusters');
    expectProblem(r.problems, 'topicops.yaml:1:11', 'error', 'clusters', 'must define at least one cluster');
    expectProblem(r.problems, 'topics:0:0', 'warning', '', 'topics directory topics does not exist; no topics declared');
    expect(r.problems).toHaveLength(2);
  });

  it('checks the policies themselves (fixture policies-invalid/)', async () => {
    const r = await loadFixture('policies-invalid');
    const p = r.problems;
    expectProblem(p, 'topicops.yaml:2:16', 'error', 'policies.namePattern', 'Invalid regular expression');
    expectProblem(p, 'topicops.yaml:3:25', 'error', 'policies.minReplicationFactor', 'minReplicationFactor 3 is greater than maxReplicationFactor 2');
    expectProblem(p, 'topicops.yaml:5:35', 'error', 'policies.requiredConfigs[1]', 'unknown topic config "retension.ms"; did you mean "retention.ms"?');
    expectProblem(p, 'topicops.yaml:6:19', 'error', 'protectedTopics[0]', 'Invalid regular expression');
    expect(p.filter((x) => x.severity === 'error')).toHaveLength(4);
    expect(r.project.policies.requiredConfigs).toEqual(['retention.ms']);
    expect(r.project.protectedTopics).toEqual([]);
  });

  it('a project file with several documents or a non-mapping is an error', () => {
    expect(parseProjectFile('prune: true\n---\nprune: false\n', '/p').problems).toEqual([
      { severity: 'error', file: 'topicops.yaml', line: 3, column: 1, path: '', message: 'topicops.yaml must hold a single YAML document' },
    ]);
    expect(parseProjectFile('- a\n', '/p').problems[0].message).toContain('topicops.yaml must be a mapping');
  });
});
