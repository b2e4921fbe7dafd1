import { describe, expect, it } from 'vitest';
import { expectProblem, loadFixture, topic } from './test-support.js';

describe('config values: human units (fixture units/)', async () => {
  const r = await loadFixture('units');

  it('converts durations to milliseconds and keeps big integers exact', () => {
    expect(topic(r, 'durations.v1').config).toEqual({
      'retention.ms': '5400000',
      'segment.ms': '1209600000',
      'delete.retention.ms': '30000',
      'min.compaction.lag.ms': '500',
      'max.compaction.lag.ms': '900000',
      'file.delete.delay.ms': '60000',
      'flush.ms': '9223372036854775807',
      'segment.jitter.ms': '0',
    });
  });

  it('converts sizes (binary and decimal) to bytes; -1/infinite/unlimited → -1', () => {
    expect(topic(r, 'sizes.v1').config).toEqual({
      'retention.bytes': '1073741824',
      'segment.bytes': '67108864',
      'max.message.bytes': '1000000',
      'segment.index.bytes': '1024',
      'index.interval.bytes': '512',
      'local.retention.bytes': '-2',
    });
    expect(topic(r, 'unlimited.v1').config).toEqual({ 'retention.ms': '-1', 'retention.bytes': '-1' });
    expect(topic(r, 'minus-one.v1').config).toEqual({ 'retention.ms': '-1', 'retention.bytes': '-1' });
    expect(topic(r, 'decimal.v1').config).toEqual({ 'retention.bytes': '1500000000', 'segment.bytes': '1000' });
  });

  it('reports every bad value at its exact location', () => {
    const p = r.problems;
    expectProblem(p, 'topics/bad.yaml:3:17', 'error', 'config.retention.ms', 'invalid duration "7x"', 'ms, s, m, h, d, w');
    expectProblem(p, 'topics/bad.yaml:4:15', 'error', 'config.segment.ms', '"0.5ms" is not a whole number of milliseconds');
    expectProblem(p, 'topics/bad.yaml:5:24', 'error', 'config.delete.retention.ms', 'durations cannot be negative');
    expectProblem(p, 'topics/bad.yaml:6:20', 'error', 'config.retention.bytes', '"1.5B" is not a whole number of bytes');
    expectProblem(p, 'topics/bad.yaml:7:18', 'error', 'config.segment.bytes',
      'Invalid value 1099511627776 for configuration segment.bytes: Not a number of type INT (written as "1TiB")');
    expectProblem(p, 'topics/bad.yaml:8:22', 'error', 'config.max.message.bytes', 'invalid size "lots"', 'KiB');
    expectProblem(p, 'topics/bad.yaml:9:13', 'error', 'config.flush.ms', 'got the number Infinity');
    expect(p).toHaveLength(7);
    expect(r.desired.topics.map((t) => t.name)).not.toContain('bad-units.v1');
  });
});

describe('config names and Kafka value rules (fixture configs/)', async () => {
  const r = await loadFixture('configs');

  it('normalises good values to Kafka string form', () => {
    expect(topic(r, 'configs-good.v1').config).toEqual({
      'cleanup.policy': 'compact,delete',
      'compression.type': 'lz4',
      'unclean.leader.election.enable': 'true',
      preallocate: 'false',
      'min.cleanable.dirty.ratio': '0.25',
      'message.timestamp.type': 'LogAppendTime',
    });
    expect(topic(r, 'configs-list.v1').config).toEqual({ 'cleanup.policy': 'compact,delete' });
  });

  it('unknown config names get a suggestion from the catalogue (broker names point at the topic config)', () => {
    expectProblem(r.problems, 'topics/bad.yaml:3:3', 'error', 'config.retention.msx', 'unknown topic config "retention.msx"; did you mean "retention.ms"?');
    expectProblem(r.problems, 'topics/bad.yaml:4:3', 'error', 'config.log.retention.hours', 'broker setting', 'did you mean "retention.ms"?');
    const unrelated = expectProblem(r.problems, 'topics/bad.yaml:10:3', 'error', 'config.totally.unrelated.setting', 'unknown topic config');
    expect(unrelated.message).not.toContain('did you mean');
  });

  it("values outside Kafka's rules quote Kafka's message", () => {
    expectProblem(r.problems, 'topics/bad.yaml:5:19', 'error', 'config.cleanup.policy', 'String must be one of: compact, delete');
    expectProblem(r.problems, 'topics/bad.yaml:6:21', 'error', 'config.compression.type', 'takes a single string value, not a list');
    expectProblem(r.problems, 'topics/bad.yaml:7:30', 'error', 'config.min.cleanable.dirty.ratio', 'Value must be between 0 and 1');
    expectProblem(r.problems, 'topics/bad.yaml:8:35', 'error', 'config.unclean.leader.election.enable', 'Expected value to be either true or false');
    expectProblem(r.problems, 'topics/bad.yaml:9:27', 'error', 'config.compression.gzip.level', 'Invalid value 12 for configuration compression.gzip.level');
  });

  it('cross-field checks point at the config key', () => {
    expectProblem(r.problems, 'topics/bad.yaml:13:1', 'error', 'config',
      'conflict topic config setting min.compaction.lag.ms (7200000) > max.compaction.lag.ms (3600000)');
    expect(r.problems).toHaveLength(9);
  });
});

describe('ignored configs (fixture ignored/)', async () => {
  const r = await loadFixture('ignored');

  it('throttle replica lists are never declared; ignoredConfigs are warned about and dropped', () => {
    expectProblem(r.problems, 'topics/topics.yaml:3:3', 'error', 'config.leader.replication.throttled.replicas', 'managed by partition reassignments');
    expectProblem(r.problems, 'topics/topics.yaml:4:3', 'error', 'config.follower.replication.throttled.replicas', 'managed by partition reassignments');
    expectProblem(r.problems, 'topics/topics.yaml:8:3', 'warning', 'config.retention.bytes', 'is in ignoredConfigs');
    expect(r.problems).toHaveLength(3);
    expect(topic(r, 'ignored.v1').config).toEqual({ 'retention.ms': '86400000' });
    expect(r.desired.ignoredConfigs).toEqual(['leader.replication.throttled.replicas', 'follower.replication.throttled.replicas', 'retention.bytes']);
  });
});
