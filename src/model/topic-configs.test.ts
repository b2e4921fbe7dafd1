import { describe, expect, it } from 'vitest';
import {
  TOPIC_CONFIGS,
  crossCheckTopicConfigs,
  normaliseTopicConfigValue,
  validateTopicConfigValue,
} from './topic-configs.js';

describe('topic config catalogue', () => {
  it('has Kafka defaults for the common configs', () => {
    expect(TOPIC_CONFIGS.get('retention.ms')?.default).toBe('604800000');
    expect(TOPIC_CONFIGS.get('cleanup.policy')?.default).toBe('delete');
    expect(TOPIC_CONFIGS.get('max.message.bytes')?.default).toBe('1048588');
    expect(TOPIC_CONFIGS.get('min.insync.replicas')?.default).toBe('1');
    expect(TOPIC_CONFIGS.get('segment.bytes')?.default).toBe('1073741824');
  });

  it.each([
    ['retention.ms', '-1', null],
    ['retention.ms', '-5', 'Invalid value -5 for configuration retention.ms: Value must be at least -1'],
    ['retention.ms', 'abc', 'Invalid value abc for configuration retention.ms: Not a number of type LONG'],
    ['segment.bytes', '13', 'Invalid value 13 for configuration segment.bytes: Value must be at least 14'],
    ['segment.bytes', '2147483648', 'Invalid value 2147483648 for configuration segment.bytes: Not a number of type INT'],
    ['min.cleanable.dirty.ratio', '1.5', 'Invalid value 1.5 for configuration min.cleanable.dirty.ratio: Value must be between 0 and 1'],
    ['cleanup.policy', 'compact,delete', null],
    ['cleanup.policy', 'compact,forever', 'Invalid value compact,forever for configuration cleanup.policy: String must be one of: compact, delete'],
    ['compression.type', 'brotli', 'Invalid value brotli for configuration compression.type: String must be one of: uncompressed, zstd, lz4, snappy, gzip, producer'],
    ['unclean.leader.election.enable', 'yes', 'Invalid value yes for configuration unclean.leader.election.enable: Expected value to be either true or false'],
    ['leader.replication.throttled.replicas', '0:1,1:2', null],
    ['leader.replication.throttled.replicas', '*', null],
    ['leader.replication.throttled.replicas', '0-1', expect.stringContaining("must be the literal '*'")],
    ['compression.gzip.level', '0', expect.stringContaining('between 1 and 9, or -1')],
    ['no.such.config', '1', 'Unknown topic config name: no.such.config'],
  ])('validates %s=%s', (name, value, expected) => {
    expect(validateTopicConfigValue(name, value)).toEqual(expected);
  });

  it('normalises values for comparison', () => {
    expect(normaliseTopicConfigValue('cleanup.policy', 'delete, compact')).toBe('compact,delete');
    expect(normaliseTopicConfigValue('retention.ms', '+0604800000')).toBe('604800000');
    expect(normaliseTopicConfigValue('preallocate', 'TRUE')).toBe('true');
    expect(normaliseTopicConfigValue('min.cleanable.dirty.ratio', '0.50')).toBe('0.5');
  });

  it('checks min.compaction.lag.ms <= max.compaction.lag.ms', () => {
    expect(crossCheckTopicConfigs({ 'min.compaction.lag.ms': '10', 'max.compaction.lag.ms': '5' })).toEqual([
      'conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)',
    ]);
    expect(crossCheckTopicConfigs({ 'min.compaction.lag.ms': '10' })).toEqual([]);
  });
});
