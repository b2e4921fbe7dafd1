import { describe, expect, it } from 'vitest';
import { expectProblem, loadFixture, topic, topicNames } from './test-support.js';
import { invalidTopicName } from './topic-rules.js';

describe('topic names (fixture names/)', async () => {
  const r = await loadFixture('names');
  const p = r.problems;

  it("applies Kafka's Topic.validate rules with Kafka's wording", () => {
    expectProblem(p, 'topics/bad.yaml:1:7', 'error', 'name', "Topic name is invalid: 'orders/v1' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'");
    expectProblem(p, 'topics/bad.yaml:3:7', 'error', 'name', "Topic name is invalid: '..' is not allowed");
    expectProblem(p, 'topics/bad.yaml:5:7', 'error', 'name', "Topic name is invalid: '.' is not allowed");
    expectProblem(p, 'topics/bad.yaml:7:7', 'error', 'name', 'Topic name is invalid: the empty string is not allowed');
    expectProblem(p, 'topics/bad.yaml:9:7', 'error', 'name', "'ørders' contains one or more characters other than");
    expectProblem(p, 'topics/more/long.yaml:1:7', 'error', 'name', 'is longer than the max allowed length 249');
  });

  it('protects ^__ by default', () => {
    expectProblem(p, 'topics/bad.yaml:11:7', 'error', 'name', `"__consumer_offsets" matches protected pattern '^__'; protected topics may not be declared`);
  });

  it('a duplicate name names both locations', () => {
    expectProblem(p, 'topics/more/dup.yaml:1:7', 'error', 'name', 'duplicate topic "a": also declared at topics/good.yaml:3:7');
  });

  it("names that collide once '.' and '_' are alike name both locations", () => {
    expectProblem(p, 'topics/more/collide.yaml:1:7', 'error', 'name', 'topic "x_y-z" collides with "x.y-z" (topics/good.yaml:5:7)');
  });

  it('keeps good names (and only the first declaration of a duplicate)', () => {
    expect(p).toHaveLength(9);
    expect(topicNames(r)).toEqual(['Orders_2024-archive.v1', 'a', 'x.y-z']);
    expect(topic(r, 'a').source).toEqual({ file: 'topics/good.yaml', line: 3, column: 7 });
  });

  it('invalidTopicName accepts the longest legal name', () => {
    expect(invalidTopicName('t'.repeat(249))).toBeNull();
    expect(invalidTopicName('t'.repeat(250))).toContain('longer than the max allowed length 249');
  });
});

describe('protected topics from topicops.yaml (fixture protected/)', async () => {
  const r = await loadFixture('protected');
  it('replaces the default list', () => {
    expectProblem(r.problems, 'topics/topics.yaml:3:7', 'error', 'name', "matches protected pattern '^_schemas$'");
    expectProblem(r.problems, 'topics/topics.yaml:5:7', 'error', 'name', "matches protected pattern '^connect-'");
    expect(r.problems).toHaveLength(2);
    expect(topicNames(r)).toEqual(['__my_internal', '_schemas.v2']);
    expect(r.desired.protectedTopics).toEqual(['^_schemas$', '^connect-']);
  });
});

describe('policies (fixture policies/)', async () => {
  const r = await loadFixture('policies');
  const p = r.problems;
  it('each violation is an error naming its policy', () => {
    expectProblem(p, 'topics/bad.yaml:1:7', 'error', 'name', 'does not match policy namePattern');
    expectProblem(p, 'topics/bad.yaml:6:20', 'error', 'replicationFactor', 'replicationFactor 1 is below policy minReplicationFactor (2)');
    expectProblem(p, 'topics/bad.yaml:11:13', 'error', 'partitions', '1000 partitions exceeds policy maxPartitions (256)');
    expectProblem(p, 'topics/bad.yaml:12:20', 'error', 'replicationFactor', 'replicationFactor 6 exceeds policy maxReplicationFactor (5)');
    expectProblem(p, 'topics/bad.yaml:16:1', 'error', '', 'config retention.ms must be set (policy requiredConfigs)');
    expectProblem(p, 'topics/bad.yaml:19:1', 'error', 'config', 'config retention.ms must be set (policy requiredConfigs)');
    expect(p).toHaveLength(6);
  });
  it('topics at the limits pass', () => {
    expect(topicNames(r)).toEqual(['shop.orders.v1']);
  });
});

describe('min.insync.replicas vs replicationFactor (fixture min-isr/)', async () => {
  const r = await loadFixture('min-isr');
  const p = r.problems;
  it('greater is an error, equal a warning; from defaults too', () => {
    expectProblem(p, 'topics/topics.yaml:5:24', 'error', 'config.min.insync.replicas', 'min.insync.replicas 4 > replicationFactor 3', 'can never accept an acks=all write');
    expectProblem(p, 'topics/topics.yaml:9:24', 'warning', 'config.min.insync.replicas', 'min.insync.replicas 3 = replicationFactor 3', 'one broker down blocks acks=all writes');
    expectProblem(p, 'topics/topics.yaml:12:20', 'error', 'replicationFactor', 'min.insync.replicas 2 (from defaults) > replicationFactor 1');
    expectProblem(p, 'topics/topics.yaml:15:20', 'warning', 'replicationFactor', 'min.insync.replicas 2 (from defaults) = replicationFactor 2');
    expect(p).toHaveLength(4);
  });
  it('a warning does not keep the topic out of the desired state', () => {
    expect(topicNames(r)).toEqual(['ok.v1', 'equal.v1', 'rf-equal.v1']);
    expect(topic(r, 'ok.v1').config).toEqual({ 'min.insync.replicas': '2' });
  });
});

describe('placement (fixture placement/)', async () => {
  const r = await loadFixture('placement');
  const p = r.problems;
  it('static needs a replicaAssignment of partitions × RF distinct brokers', () => {
    expectProblem(p, 'topics/bad.yaml:2:12', 'error', 'placement', 'placement static requires replicaAssignment');
    expectProblem(p, 'topics/bad.yaml:5:1', 'error', 'replicaAssignment', 'only allowed with placement: static');
    expectProblem(p, 'topics/bad.yaml:9:1', 'error', 'replicaAssignment', 'has 4 entries but the topic has 3 partitions');
    expectProblem(p, 'topics/bad.yaml:11:9', 'error', 'replicaAssignment[1][1]', "broker 2 appears twice in partition 1's replicas");
    expectProblem(p, 'topics/bad.yaml:12:5', 'error', 'replicaAssignment[2]', 'partition 2 has 3 replicas but replicationFactor is 2');
    expectProblem(p, 'topics/bad.yaml:22:25', 'error', 'replicaAssignment[0][1]', "broker 3 is not in this topic's brokers list [1, 2]");
  });
  it('brokers must hold RF distinct ids; placement must be a known strategy', () => {
    expectProblem(p, 'topics/bad.yaml:16:10', 'error', 'brokers', 'lists 1 broker(s), fewer than replicationFactor 2');
    expectProblem(p, 'topics/bad.yaml:25:12', 'error', 'placement', 'must be one of balanced, rack-aware, static', 'did you mean "rack-aware"?');
    expectProblem(p, 'topics/bad.yaml:26:14', 'error', 'brokers[1]', '1 is listed twice');
    expectProblem(p, 'topics/bad.yaml:26:17', 'error', 'brokers[2]', 'must be at least 0');
    expectProblem(p, 'topics/bad.yaml:27:20', 'error', 'replicaAssignment', 'must not be an empty list');
    expect(p).toHaveLength(11);
  });
  it('good placements reach the desired state; the default placement fills in', () => {
    expect(topic(r, 'static.v1')).toMatchObject({ placement: 'static', partitions: 3, replicationFactor: 2, replicaAssignment: [[1, 2], [2, 3], [3, 1]] });
    expect(topic(r, 'subset.v1')).toMatchObject({ placement: 'balanced', brokers: [1, 2] });
    expect(topic(r, 'default-placement.v1').placement).toBe('rack-aware');
    expect(topic(r, 'static-in-subset.v1')).toMatchObject({ partitions: 1, replicaAssignment: [[5, 4]] });
  });
});

describe('defaults (fixtures defaults/ and no-defaults/)', async () => {
  it('fill partitions, replicationFactor, placement and config; the topic wins', async () => {
    const r = await loadFixture('defaults');
    expect(r.problems).toEqual([]);
    expect(topic(r, 'inherits.v1')).toMatchObject({
      partitions: 6, replicationFactor: 3, placement: 'balanced', config: { 'retention.ms': '259200000', 'compression.type': 'zstd' },
    });
    expect(topic(r, 'overrides.v1')).toMatchObject({
      partitions: 2, replicationFactor: 1, placement: 'rack-aware',
      config: { 'retention.ms': '3600000', 'compression.type': 'zstd', 'cleanup.policy': 'compact' },
    });
  });

  it('without defaults, partitions and replicationFactor are required', async () => {
    const r = await loadFixture('no-defaults');
    expectProblem(r.problems, 'topics/topics.yaml:5:1', 'error', '', 'missing "partitions" (and topicops.yaml has no defaults.partitions)');
    expectProblem(r.problems, 'topics/topics.yaml:8:1', 'error', '', 'missing required key "name"');
    expectProblem(r.problems, 'topics/topics.yaml:8:1', 'error', '', 'missing "replicationFactor"');
    expect(r.problems).toHaveLength(4);
    expect(topicNames(r)).toEqual(['complete.v1']);
    expect(topic(r, 'complete.v1').placement).toBeUndefined();
  });
});
