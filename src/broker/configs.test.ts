import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Admin } from 'kafkajs';
import { ApiKey } from '../protocol/api-keys.js';
import type { ProtocolConnection } from '../protocol/client.js';
import { ErrorCode } from '../protocol/errors.js';
import type { AlterConfigsResponse } from '../protocol/generated/AlterConfigsResponse.js';
import type { DescribeConfigsResponse, DescribeConfigsResult } from '../protocol/generated/DescribeConfigsResponse.js';
import type { IncrementalAlterConfigsResponse } from '../protocol/generated/IncrementalAlterConfigsResponse.js';
import { TOPIC_CONFIGS } from '../model/topic-configs.js';
import { kafkajsFailure, startHarness, type Harness } from './testing/harness.js';

const TOPIC = 2;
const BROKER = 4;
const SET = 0, DELETE = 1, APPEND = 2, SUBTRACT = 3;
const LONG_MAX = '9223372036854775807';

let h: Harness;
let admin: Admin;
let raw: ProtocolConnection;

beforeAll(async () => {
  h = await startHarness({ brokers: 3 });
  admin = await h.admin();
  raw = await h.protocol(1);
  await admin.createTopics({
    topics: [
      { topic: 'plain', numPartitions: 2, replicationFactor: 2 },
      { topic: 'tuned', numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'retention.ms', value: '3600000' }] },
    ],
  });
});
afterAll(async () => h.stop());

async function describeRaw(resources: object[], version = 3, opts = { includeSynonyms: true, includeDocumentation: true }, conn = raw) {
  return (await conn.request<DescribeConfigsResponse>(ApiKey.DescribeConfigs, { resources, ...opts }, version)).body.results;
}

function entry(result: DescribeConfigsResult, name: string) {
  const e = result.configs.find((c) => c.name === name);
  if (!e) throw new Error(`no ${name} in ${result.resourceName}`);
  return e;
}

async function incremental(resources: object[], validateOnly = false, conn = raw) {
  return (await conn.request<IncrementalAlterConfigsResponse>(ApiKey.IncrementalAlterConfigs, { resources, validateOnly })).body.responses;
}

describe('DescribeConfigs', () => {
  it('lists every topic config with defaults (DEFAULT_CONFIG) and overrides (DYNAMIC_TOPIC_CONFIG)', async () => {
    const { resources } = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'tuned' }], includeSynonyms: true });
    const entries = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    expect([...entries.keys()].sort()).toEqual([...TOPIC_CONFIGS.keys()].sort());
    expect(entries.get('retention.ms')).toMatchObject({
      configValue: '3600000', configSource: 1, isDefault: false, readOnly: false, isSensitive: false,
      configSynonyms: [{ configName: 'retention.ms', configValue: '3600000', configSource: 1 }],
    });
    expect(entries.get('cleanup.policy')).toMatchObject({
      configValue: 'delete', configSource: 5, isDefault: true,
      configSynonyms: [{ configName: 'log.cleanup.policy', configValue: 'delete', configSource: 5 }],
    });
    expect(entries.get('segment.bytes')?.configValue).toBe('1073741824');
    expect(entries.get('leader.replication.throttled.replicas')).toMatchObject({ configValue: '', configSource: 5 });
  });

  it('filters by configuration keys, reports v3 types and documentation, and v0 isDefault', async () => {
    const [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'tuned', configurationKeys: ['retention.ms', 'min.cleanable.dirty.ratio'] }]);
    expect(r.configs.map((c) => c.name).sort()).toEqual(['min.cleanable.dirty.ratio', 'retention.ms']);
    expect(entry(r, 'retention.ms')).toMatchObject({ configType: 5, configSource: 1 });
    expect(entry(r, 'min.cleanable.dirty.ratio')).toMatchObject({ value: '0.5', configType: 6 });
    expect(entry(r, 'retention.ms').documentation).toBe(TOPIC_CONFIGS.get('retention.ms')!.doc);
    const [v0] = await describeRaw([{ resourceType: TOPIC, resourceName: 'tuned', configurationKeys: ['retention.ms', 'flush.ms'] }], 0, {} as never);
    expect(entry(v0, 'retention.ms').isDefault).toBe(false);
    expect(entry(v0, 'flush.ms')).toMatchObject({ isDefault: true, value: LONG_MAX });
  });

  it('answers unknown and illegal topics per resource', async () => {
    const results = await describeRaw([
      { resourceType: TOPIC, resourceName: 'ghost', configurationKeys: null },
      { resourceType: TOPIC, resourceName: 'bad name', configurationKeys: null },
      { resourceType: TOPIC, resourceName: 'plain', configurationKeys: ['retention.ms'] },
    ]);
    expect(results.map((r) => r.errorCode)).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.INVALID_TOPIC_EXCEPTION, ErrorCode.NONE]);
    expect(await kafkajsFailure(() => admin.describeConfigs({ resources: [{ type: TOPIC, name: 'ghost' }], includeSynonyms: false })))
      .toEqual(['UNKNOWN_TOPIC_OR_PARTITION']);
  });

  it("describes a broker's configs on that broker, and the cluster default", async () => {
    const { resources } = await admin.describeConfigs({ resources: [{ type: BROKER, name: '2' }], includeSynonyms: true });
    const entries = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    expect(entries.get('broker.id')).toMatchObject({ configValue: '2', configSource: 4, readOnly: true });
    expect(entries.get('auto.create.topics.enable')).toMatchObject({ configValue: 'false', configSource: 4, readOnly: true });
    expect(entries.get('leader.replication.throttled.rate')).toMatchObject({ configValue: LONG_MAX, configSource: 5, readOnly: false });
    expect(entries.get('log.retention.hours')).toMatchObject({ configValue: '168', configSource: 5 });
    const [other] = await describeRaw([{ resourceType: BROKER, resourceName: '3', configurationKeys: null }]);
    expect(other).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Unexpected broker id, expected 1 or empty string, but received 3' });
    const [dflt] = await describeRaw([{ resourceType: BROKER, resourceName: '', configurationKeys: null }]);
    expect(dflt).toMatchObject({ errorCode: ErrorCode.NONE, configs: [] });
  });
});

describe('AlterConfigs (legacy: replaces the set)', () => {
  it('replaces every override of a topic', async () => {
    await admin.createTopics({ topics: [{ topic: 'legacy', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name: 'legacy', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }] });
    const { resources } = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'legacy', configNames: ['retention.ms', 'cleanup.policy'] }], includeSynonyms: false });
    const entries = new Map(resources[0].configEntries.map((e) => [e.configName, e]));
    expect(entries.get('cleanup.policy')).toMatchObject({ configValue: 'compact', configSource: 1 });
    expect(entries.get('retention.ms')).toMatchObject({ configValue: '604800000', configSource: 5 });
  });

  it('validateOnly changes nothing; bad names, values and topics are refused', async () => {
    await admin.alterConfigs({ validateOnly: true, resources: [{ type: TOPIC, name: 'legacy', configEntries: [] }] });
    const [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'legacy', configurationKeys: ['cleanup.policy'] }]);
    expect(r.configs[0].value).toBe('compact');
    const alter = (name: string, configEntries: { name: string; value: string }[]) =>
      kafkajsFailure(() => admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name, configEntries }] }));
    expect(await alter('legacy', [{ name: 'no.such', value: '1' }])).toEqual(['INVALID_CONFIG']);
    expect(await alter('legacy', [{ name: 'segment.bytes', value: '10' }])).toEqual(['INVALID_CONFIG']);
    expect(await alter('ghost', [{ name: 'retention.ms', value: '10' }])).toEqual(['UNKNOWN_TOPIC_OR_PARTITION']);
    const res = (await raw.request<AlterConfigsResponse>(ApiKey.AlterConfigs, {
      resources: [
        { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'min.compaction.lag.ms', value: '10' }, { name: 'max.compaction.lag.ms', value: '5' }] },
        { resourceType: TOPIC, resourceName: 'plain', configs: [] },
        { resourceType: TOPIC, resourceName: 'plain', configs: [] },
        { resourceType: TOPIC, resourceName: 'ghost', configs: [] },
      ],
      validateOnly: false,
    })).body.responses;
    expect(res.map((x) => [x.errorCode, x.errorMessage])).toEqual([
      [ErrorCode.INVALID_CONFIG, 'conflict topic config setting min.compaction.lag.ms (10) > max.compaction.lag.ms (5)'],
      [ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.'],
      [ErrorCode.INVALID_REQUEST, 'Each resource must appear at most once.'],
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'ghost' does not exist."],
    ]);
  });

  it('sets broker throttle rates through the broker that owns them', async () => {
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: BROKER, name: '1', configEntries: [{ name: 'leader.replication.throttled.rate', value: '1048576' }] }] });
    const [r] = await describeRaw([{ resourceType: BROKER, resourceName: '1', configurationKeys: ['leader.replication.throttled.rate'] }]);
    expect(r.configs[0]).toMatchObject({
      value: '1048576', configSource: 2, synonyms: [
        { name: 'leader.replication.throttled.rate', value: '1048576', source: 2 },
        { name: 'leader.replication.throttled.rate', value: LONG_MAX, source: 5 },
      ],
    });
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: BROKER, name: '1', configEntries: [] }] });
    const [after] = await describeRaw([{ resourceType: BROKER, resourceName: '1', configurationKeys: ['leader.replication.throttled.rate'] }]);
    expect(after.configs[0]).toMatchObject({ value: LONG_MAX, configSource: 5 });
  });
});

describe('IncrementalAlterConfigs', () => {
  it('SET, DELETE, APPEND and SUBTRACT topic configs', async () => {
    const topic = (configs: object[]) => ({ resourceType: TOPIC, resourceName: 'plain', configs });
    expect((await incremental([topic([{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }])]))[0].errorCode).toBe(ErrorCode.NONE);
    let [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'plain', configurationKeys: ['cleanup.policy'] }]);
    expect(r.configs[0]).toMatchObject({ value: 'delete,compact', configSource: 1 });
    await incremental([topic([{ name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' }, { name: 'retention.ms', configOperation: SET, value: '60000' }])]);
    [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'plain', configurationKeys: ['cleanup.policy', 'retention.ms'] }]);
    expect(r.configs.map((c) => [c.name, c.value])).toEqual([['cleanup.policy', 'compact'], ['retention.ms', '60000']]);
    await incremental([topic([{ name: 'cleanup.policy', configOperation: DELETE, value: null }])]);
    [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'plain', configurationKeys: ['cleanup.policy'] }]);
    expect(r.configs[0]).toMatchObject({ value: 'delete', configSource: 5 });
  });

  it('validates the throttled-replica lists', async () => {
    const set = (value: string) => ({
      resourceType: TOPIC, resourceName: 'plain',
      configs: [{ name: 'leader.replication.throttled.replicas', configOperation: SET, value }],
    });
    expect((await incremental([set('0:1,0:2,1:2')]))[0].errorCode).toBe(ErrorCode.NONE);
    expect((await incremental([set('*')]))[0].errorCode).toBe(ErrorCode.NONE);
    const [bad] = await incremental([set('0-1')]);
    expect(bad.errorCode).toBe(ErrorCode.INVALID_CONFIG);
    expect(bad.errorMessage).toContain("must be the literal '*' or a list of replicas");
    const [append] = await incremental([{
      resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'follower.replication.throttled.replicas', configOperation: APPEND, value: '1:3' }],
    }]);
    expect(append.errorCode).toBe(ErrorCode.NONE);
    const [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'plain', configurationKeys: ['follower.replication.throttled.replicas', 'leader.replication.throttled.replicas'] }]);
    expect(r.configs.map((c) => c.value)).toEqual(['1:3', '*']);
  });

  it('sets and clears throttle rates per broker and as the cluster default', async () => {
    const broker2 = await h.protocol(2);
    const rate = (name: string, op: number, value: string | null) => ({
      resourceType: BROKER, resourceName: name,
      configs: [
        { name: 'leader.replication.throttled.rate', configOperation: op, value },
        { name: 'follower.replication.throttled.rate', configOperation: op, value },
      ],
    });
    expect((await incremental([rate('2', SET, '5000')], false, broker2))[0].errorCode).toBe(ErrorCode.NONE);
    expect((await incremental([rate('', SET, '7000')], false, broker2))[0].errorCode).toBe(ErrorCode.NONE);
    const [b2] = await describeRaw([{ resourceType: BROKER, resourceName: '2', configurationKeys: ['follower.replication.throttled.rate'] }], 3, undefined, broker2);
    expect(b2.configs[0]).toMatchObject({ value: '5000', configSource: 2 });
    const [b1] = await describeRaw([{ resourceType: BROKER, resourceName: '1', configurationKeys: ['follower.replication.throttled.rate'] }]);
    expect(b1.configs[0]).toMatchObject({ value: '7000', configSource: 3 });
    const [dflt] = await describeRaw([{ resourceType: BROKER, resourceName: '', configurationKeys: null }]);
    expect(dflt.configs.map((c) => [c.name, c.value, c.configSource])).toEqual([
      ['follower.replication.throttled.rate', '7000', 3],
      ['leader.replication.throttled.rate', '7000', 3],
    ]);
    await incremental([rate('2', DELETE, null)], false, broker2);
    await incremental([rate('', DELETE, null)]);
    const [cleared] = await describeRaw([{ resourceType: BROKER, resourceName: '2', configurationKeys: ['follower.replication.throttled.rate'] }], 3, undefined, broker2);
    expect(cleared.configs[0]).toMatchObject({ value: LONG_MAX, configSource: 5 });
  });

  it('feeds topic defaults from dynamic broker defaults', async () => {
    await incremental([{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.ms', configOperation: SET, value: '1000' }] }]);
    const [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'legacy', configurationKeys: ['retention.ms'] }]);
    expect(r.configs[0]).toMatchObject({
      value: '1000', configSource: 3,
      synonyms: [{ name: 'log.retention.ms', value: '1000', source: 3 }, { name: 'log.retention.hours', value: '168', source: 5 }],
    });
    await incremental([{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.retention.ms', configOperation: DELETE, value: null }] }]);
  });

  it('refuses what Kafka refuses', async () => {
    const res = await incremental([
      { resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'retention.ms', configOperation: APPEND, value: '1' }] },
      { resourceType: TOPIC, resourceName: 'tuned', configs: [{ name: 'retention.ms', configOperation: 9, value: '1' }] },
      { resourceType: TOPIC, resourceName: 'ghost', configs: [{ name: 'retention.ms', configOperation: SET, value: '1' }] },
      { resourceType: BROKER, resourceName: '1', configs: [{ name: 'broker.id', configOperation: SET, value: '7' }] },
      { resourceType: BROKER, resourceName: '', configs: [{ name: 'leader.replication.throttled.rate', configOperation: SET, value: '-1' }] },
      { resourceType: BROKER, resourceName: '3', configs: [] },
      { resourceType: 8, resourceName: '1', configs: [] },
      { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', configOperation: SET, value: null }] },
    ], true);
    expect(res.map((r) => [r.errorCode, r.errorMessage])).toEqual([
      [ErrorCode.INVALID_CONFIG, "Can't APPEND to key retention.ms because its type is not LIST."],
      [ErrorCode.INVALID_REQUEST, 'Unknown operations type 9'],
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, "The topic 'ghost' does not exist."],
      [ErrorCode.INVALID_REQUEST, 'Cannot update these configs dynamically: Set(broker.id)'],
      [ErrorCode.INVALID_REQUEST, 'Invalid value -1 for configuration leader.replication.throttled.rate: Value must be at least 0'],
      [ErrorCode.INVALID_REQUEST, 'Unexpected broker id, expected 1, but received 3'],
      [ErrorCode.INVALID_REQUEST, 'BROKER_LOGGER resources are not supported by the built-in cluster.'],
      [ErrorCode.INVALID_REQUEST, 'Null value not supported for : retention.ms'],
    ]);
  });

  it('validateOnly changes nothing', async () => {
    const [ok] = await incremental([{ resourceType: TOPIC, resourceName: 'tuned', configs: [{ name: 'retention.ms', configOperation: DELETE, value: null }] }], true);
    expect(ok.errorCode).toBe(ErrorCode.NONE);
    const [r] = await describeRaw([{ resourceType: TOPIC, resourceName: 'tuned', configurationKeys: ['retention.ms'] }]);
    expect(r.configs[0].value).toBe('3600000');
  });
});
