import { describe, expect, it } from 'vitest';
import { ClusterModel } from '../model/cluster-model.js';
import { BROKER_CONFIGS, brokerConfigSynonyms, synonymValueToTopicUnit, validateBrokerConfigValue } from './broker-configs.js';
import { ConfigSource, describeBrokerConfigs, describeTopicConfigs, formatConfigValue, topicDefaultValue } from './describe.js';

const model = () => ClusterModel.empty([{ id: 1, rack: 'r1' }, { id: 2, rack: null }], () => 'AAAAAAAAAAAAAAAAAAAAAg');

describe('broker config catalogue', () => {
  it('has the topic synonyms with Kafka broker defaults and the throttle rates', () => {
    expect(BROKER_CONFIGS.get('log.retention.hours')).toMatchObject({ type: 'INT', default: '168', mode: 'dynamic', topicConfig: 'retention.ms' });
    expect(BROKER_CONFIGS.get('log.retention.ms')?.default).toBeNull();
    expect(BROKER_CONFIGS.get('message.max.bytes')).toMatchObject({ default: '1048588', topicConfig: 'max.message.bytes' });
    expect(BROKER_CONFIGS.get('leader.replication.throttled.rate')).toMatchObject({ type: 'LONG', mode: 'dynamic' });
    expect(BROKER_CONFIGS.get('broker.id')?.mode).toBe('read-only');
  });

  it('follows Kafka synonym chains and unit conversions', () => {
    expect(brokerConfigSynonyms('log.retention.ms')).toEqual(['log.retention.ms', 'log.retention.minutes', 'log.retention.hours']);
    expect(brokerConfigSynonyms('log.retention.minutes')).toEqual(['log.retention.minutes', 'log.retention.hours']);
    expect(brokerConfigSynonyms('leader.replication.throttled.rate')).toEqual(['leader.replication.throttled.rate']);
    expect(synonymValueToTopicUnit('log.retention.hours', '168')).toBe('604800000');
    expect(synonymValueToTopicUnit('log.retention.minutes', '2')).toBe('120000');
    expect(synonymValueToTopicUnit('log.retention.ms', '5')).toBe('5');
  });

  it('validates broker values with Kafka messages', () => {
    expect(validateBrokerConfigValue('follower.replication.throttled.rate', 'fast')).toBe(
      'Invalid value fast for configuration follower.replication.throttled.rate: Not a number of type LONG',
    );
    expect(validateBrokerConfigValue('log.cleanup.policy', 'shred')).toMatch(/^Invalid value shred for configuration log.cleanup.policy: /);
    expect(validateBrokerConfigValue('log.retention.hours', '12')).toBeNull();
    expect(validateBrokerConfigValue('some.custom.config', 'anything')).toBeNull();
  });
});

describe('describe', () => {
  it('formats values as Kafka prints them', () => {
    expect(formatConfigValue('LONG', ' +0100 ')).toBe('100');
    expect(formatConfigValue('DOUBLE', '1')).toBe('1.0');
    expect(formatConfigValue('DOUBLE', '0.25')).toBe('0.25');
    expect(formatConfigValue('BOOLEAN', 'TRUE')).toBe('true');
    expect(formatConfigValue('LIST', 'delete , compact')).toBe('delete,compact');
  });

  it('resolves topic defaults through per-broker, cluster-default and static layers', () => {
    const m = model();
    expect(topicDefaultValue(m, 1, 'retention.ms')).toBe('604800000');
    m.replaceConfigs({ kind: 'broker', name: '' }, { 'log.retention.hours': '1' });
    expect(topicDefaultValue(m, 1, 'retention.ms')).toBe('3600000');
    m.replaceConfigs({ kind: 'broker', name: '2' }, { 'log.retention.minutes': '2' });
    expect(topicDefaultValue(m, 2, 'retention.ms')).toBe('120000');
    expect(topicDefaultValue(m, 1, 'retention.ms')).toBe('3600000');
  });

  it('keeps Kafka\'s synonym list shape for topics', () => {
    const m = model();
    const byName = new Map(describeTopicConfigs(m, 1, new Map([['segment.ms', '1000']])).map((c) => [c.name, c]));
    // log.retention.ms is unset, so Kafka drops the hours default that follows it.
    expect(byName.get('retention.ms')).toMatchObject({ value: '604800000', source: ConfigSource.DEFAULT_CONFIG, synonyms: [] });
    expect(byName.get('segment.ms')?.synonyms).toEqual([{ name: 'segment.ms', value: '1000', source: ConfigSource.DYNAMIC_TOPIC_CONFIG }]);
    expect(byName.get('min.insync.replicas')?.synonyms).toEqual([{ name: 'min.insync.replicas', value: '1', source: ConfigSource.DEFAULT_CONFIG }]);
  });

  it('reports static broker settings and racks', () => {
    const byName = new Map(describeBrokerConfigs(model(), 1).map((c) => [c.name, c]));
    expect(byName.get('broker.rack')).toMatchObject({ value: 'r1', source: ConfigSource.STATIC_BROKER_CONFIG, readOnly: true });
    expect(byName.get('num.partitions')).toMatchObject({ value: '1', source: ConfigSource.DEFAULT_CONFIG });
    expect(byName.get('log.retention.ms')).toMatchObject({ value: null, source: ConfigSource.DEFAULT_CONFIG });
  });
});
