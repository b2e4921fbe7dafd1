/**
 * Byte-exact frames written by hand from the Kafka protocol guide, plus cross-checks against kafkajs 2.2.4's own
 * hand-written encoders/decoders (node_modules/kafkajs/src/protocol/requests).
 */
import { describe, expect, it } from 'vitest';
import { createRequire } from 'node:module';
import {
  decodeRequestBody, decodeRequestHeader, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame, isFlexibleVersion,
} from './codec.js';
import { ApiKey } from './api-keys.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+|\|/g, ''), 'hex');
const ascii = (s: string) => Buffer.from(s, 'utf8').toString('hex');

describe('hand-written fixtures', () => {
  it('ApiVersions v0 request: header v1, empty body', () => {
    const frame = encodeRequestFrame({ apiKey: 18, apiVersion: 0, correlationId: 1, clientId: 'kafkajs' }, {});
    expect(frame.toString('hex')).toBe(hex(`00000011 | 0012 0000 00000001 0007 ${ascii('kafkajs')}`).toString('hex'));
  });

  it('ApiVersions v3 request: header v2 (int16 ClientId, then tag section) and compact strings', () => {
    const frame = encodeRequestFrame(
      { apiKey: 18, apiVersion: 3, correlationId: 2, clientId: 'rdkafka' },
      { clientSoftwareName: 'librdkafka', clientSoftwareVersion: '2.0.2' },
    );
    const expected = hex(`00000024 | 0012 0003 00000002 0007 ${ascii('rdkafka')} 00 |` +
      ` 0b ${ascii('librdkafka')} 06 ${ascii('2.0.2')} 00`);
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    const { header, bodyOffset } = decodeRequestHeader(frame.subarray(4));
    expect(header).toEqual({ apiKey: 18, apiVersion: 3, correlationId: 2, clientId: 'rdkafka' });
    expect(bodyOffset).toBe(2 + 2 + 4 + 2 + 7 + 1);
  });

  it('null ClientId is int16 -1, even in header v2', () => {
    const frame = encodeRequestFrame({ apiKey: 60, apiVersion: 0, correlationId: 3, clientId: null }, {});
    expect(frame.subarray(4, 15).toString('hex')).toBe('003c000000000003ffff00');
    expect(decodeRequestHeader(frame.subarray(4)).header.clientId).toBeNull();
  });

  it('Metadata v1 response: classic arrays, nullable Rack, ControllerId, IsInternal', () => {
    const body = {
      brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
      controllerId: 1,
      topics: [{
        errorCode: 0, name: 't', isInternal: false,
        partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }],
      }],
    };
    const frame = encodeResponseFrame(3, 1, 5, body);
    const expected = hex(`00000049 | 00000005 |` +
      ` 00000001 00000001 0009 ${ascii('localhost')} 00002384 ffff |` +
      ' 00000001 |' +
      ` 00000001 0000 0001 ${ascii('t')} 00 00000001 0000 00000000 00000001 00000001 00000001 00000001 00000001`);
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    const decoded = decodeResponseFrame(3, 1, frame.subarray(4));
    expect(decoded.correlationId).toBe(5);
    expect(decoded.body).toMatchObject(body);
    expect(decoded.body).toMatchObject({ throttleTimeMs: 0, clusterId: null });
  });

  it('CreateTopics v5 request: flexible body, compact arrays/strings, tag sections per struct', () => {
    const body = {
      topics: [{ name: 't', numPartitions: 3, replicationFactor: 1, assignments: [], configs: [{ name: 'retention.ms', value: '100' }] }],
      timeoutMs: 60000,
      validateOnly: false,
    };
    const frame = encodeRequestFrame({ apiKey: 19, apiVersion: 5, correlationId: 7, clientId: 'abc' }, body);
    const expected = hex(`00000032 | 0013 0005 00000007 0003 ${ascii('abc')} 00 |` +
      ` 02 02 ${ascii('t')} 00000003 0001 01 02 0d ${ascii('retention.ms')} 04 ${ascii('100')} 00 00 |` +
      ' 0000ea60 00 00');
    expect(frame.toString('hex')).toBe(expected.toString('hex'));
    const payload = frame.subarray(4);
    expect(decodeRequestBody(19, 5, payload, decodeRequestHeader(payload).bodyOffset)).toEqual(body);
  });

  it('CreateTopicsResponse v5 writes a non-default tagged field (TopicConfigErrorCode, tag 0) and skips a default one', () => {
    const topic = { name: 'a', topicId: '00000000-0000-0000-0000-000000000000', errorCode: 0, errorMessage: null,
      numPartitions: 1, replicationFactor: 1, configs: null };
    const withTag = encodeResponseFrame(19, 5, 1, { throttleTimeMs: 0, topics: [{ ...topic, topicConfigErrorCode: 29 }] });
    const without = encodeResponseFrame(19, 5, 1, { throttleTimeMs: 0, topics: [{ ...topic, topicConfigErrorCode: 0 }] });
    // topic's tag section: 1 field, tag 0, size 2, int16 29; then the body's empty tag section
    expect(withTag.subarray(withTag.length - 6).toString('hex')).toBe('01' + '00' + '02' + '001d' + '00');
    expect(without.subarray(without.length - 2).toString('hex')).toBe('0000');
    expect(withTag.length - without.length).toBe(4);
    expect(decodeResponseFrame(19, 5, withTag.subarray(4)).body).toMatchObject({ topics: [{ topicConfigErrorCode: 29 }] });
  });

  it('ApiVersions v3 response uses header v0 (no tag section after the correlation id)', () => {
    const frame = encodeResponseFrame(18, 3, 9, { errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
    expect(frame.toString('hex')).toBe(hex('00000013 | 00000009 | 0000 02 0012 0000 0003 00 00000000 00').toString('hex'));
    expect(decodeResponseFrame(18, 3, frame.subarray(4)).body).toMatchObject({ errorCode: 0, apiKeys: [{ apiKey: 18, maxVersion: 3 }] });
  });

  it('other flexible responses use header v1 (tag section after the correlation id)', () => {
    const frame = encodeResponseFrame(60, 0, 9, {});
    expect(frame.subarray(4, 9).toString('hex')).toBe('0000000900');
    expect(isFlexibleVersion(60, 0)).toBe(true);
    expect(isFlexibleVersion(18, 2)).toBe(false);
    expect(isFlexibleVersion(18, 5)).toBe(true); // newer than the schema: still flexible, as Kafka reads it
    expect(isFlexibleVersion(999, 0)).toBe(false);
  });

  it('unsupported-version ApiVersions reply: v0-format body with error 35', () => {
    const frame = encodeResponseFrame(18, 0, 4, { errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 2 }] });
    expect(frame.toString('hex')).toBe(hex('00000010 | 00000004 | 0023 00000001 0012 0000 0002').toString('hex'));
  });
});

/** kafkajs is CommonJS; its request builders return { apiKey, apiVersion, encode() → Encoder }. */
const kjs = createRequire(import.meta.url)('kafkajs/src/protocol/request.js') as (a: object) => Promise<{ buffer: Buffer }>;
const kreq = (path: string) => createRequire(import.meta.url)(`kafkajs/src/protocol/requests/${path}`) as
  ((args: object) => { apiKey: number; apiVersion: number; encode: () => Promise<unknown> }) & { decode: (b: Buffer) => Promise<unknown> };

async function kafkajsFrame(path: string, args: object, correlationId = 42, clientId = 'topicops'): Promise<Buffer> {
  const request = kreq(path)(args);
  return (await kjs({ correlationId, clientId, request })).buffer;
}

describe('agrees with kafkajs 2.2.4 byte for byte', () => {
  it('CreateTopics v3 request', async () => {
    const theirs = await kafkajsFrame('createTopics/v3/request.js', {
      topics: [{ topic: 'orders', numPartitions: 6, replicationFactor: 3, replicaAssignment: [],
        configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      validateOnly: true, timeout: 5000,
    });
    const ours = encodeRequestFrame({ apiKey: ApiKey.CreateTopics, apiVersion: 3, correlationId: 42, clientId: 'topicops' }, {
      topics: [{ name: 'orders', numPartitions: 6, replicationFactor: 3, assignments: [],
        configs: [{ name: 'cleanup.policy', value: 'compact' }] }],
      timeoutMs: 5000, validateOnly: true,
    });
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it('AlterPartitionReassignments v0 request (flexible, header v2)', async () => {
    const theirs = await kafkajsFrame('alterPartitionReassignments/v0/request.js', {
      topics: [{ topic: 'orders', partitionAssignment: [{ partition: 0, replicas: [1, 2, 3] }, { partition: 1, replicas: [2, 3, 1] }] }],
      timeout: 5000,
    });
    const ours = encodeRequestFrame({ apiKey: ApiKey.AlterPartitionReassignments, apiVersion: 0, correlationId: 42, clientId: 'topicops' }, {
      timeoutMs: 5000,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, replicas: [1, 2, 3] }, { partitionIndex: 1, replicas: [2, 3, 1] }] }],
    });
    expect(ours.toString('hex')).toBe(theirs.toString('hex'));
  });

  it('Metadata v6 request and DescribeConfigs v2 request', async () => {
    const m = await kafkajsFrame('metadata/v6/request.js', { topics: ['a', 'b'], allowAutoTopicCreation: false });
    expect(encodeRequestFrame({ apiKey: 3, apiVersion: 6, correlationId: 42, clientId: 'topicops' },
      { topics: [{ name: 'a' }, { name: 'b' }], allowAutoTopicCreation: false }).toString('hex')).toBe(m.toString('hex'));
    const d = await kafkajsFrame('describeConfigs/v2/request.js',
      { resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }], includeSynonyms: true });
    expect(encodeRequestFrame({ apiKey: 32, apiVersion: 2, correlationId: 42, clientId: 'topicops' },
      { resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }], includeSynonyms: true })
      .toString('hex')).toBe(d.toString('hex'));
  });

  it('kafkajs decodes our Metadata v6 and ListPartitionReassignments v0 responses', async () => {
    const meta = encodeResponseFrame(3, 6, 1, {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092, rack: 'r1' }],
      clusterId: 'topicops-cluster', controllerId: 0,
      topics: [{ errorCode: 0, name: 'orders', isInternal: false,
        partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 0, replicaNodes: [0], isrNodes: [0], offlineReplicas: [] }] }],
    });
    const metaDecoded = await kreq('metadata/v6/response.js').decode(meta.subarray(8));
    expect(metaDecoded).toMatchObject({
      brokers: [{ nodeId: 0, host: '127.0.0.1', port: 9092, rack: 'r1' }], clusterId: 'topicops-cluster', controllerId: 0,
      topicMetadata: [{ topicErrorCode: 0, topic: 'orders', isInternal: false,
        partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 0, replicas: [0], isr: [0], offlineReplicas: [] }] }],
    });
    const lpr = encodeResponseFrame(46, 0, 1, {
      throttleTimeMs: 0, errorCode: 0, errorMessage: null,
      topics: [{ name: 'orders', partitions: [{ partitionIndex: 2, replicas: [1, 2], addingReplicas: [2], removingReplicas: [3] }] }],
    });
    // kafkajs reads the response header's tag section itself, so hand it everything after the correlation id
    const lprDecoded = await kreq('listPartitionReassignments/v0/response.js').decode(lpr.subarray(8));
    expect(lprDecoded).toMatchObject({
      errorCode: 0, topics: [{ name: 'orders', partitions: [{ partition: 2, replicas: [1, 2], addingReplicas: [2], removingReplicas: [3] }] }],
    });
  });
});
