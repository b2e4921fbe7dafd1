import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  decodeRequestBody, decodeRequestHeader, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame, MalformedFrameError,
  ProtocolEncodeError,
} from './codec.js';
import { FrameSplitter } from './frames.js';
import { MESSAGE_SPECS } from './generated/schemas.js';
import { KafkaProtocolError } from './errors.js';
import { buildSample } from './testing/samples.js';
import { parseVersions } from './versions.js';

function expectMalformed(fn: () => unknown, ...fragments: string[]): MalformedFrameError {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(MalformedFrameError);
  for (const f of fragments) expect((caught as Error).message).toContain(f);
  return caught as MalformedFrameError;
}

/** One classic and one flexible (when it exists) version of every API, as full frames. */
const frames = MESSAGE_SPECS.filter((m) => m.type !== 'header').flatMap((m) => {
  const valid = parseVersions(m.validVersions)!;
  const flex = parseVersions(m.flexibleVersions);
  const versions = [...new Set([valid.min, valid.max, flex ? Math.max(flex.min, valid.min) : valid.min])];
  return versions.map((v) => {
    const { input } = buildSample(m, v);
    const frame = m.type === 'request'
      ? encodeRequestFrame({ apiKey: m.apiKey!, apiVersion: v, correlationId: 1, clientId: 'c' }, input)
      : encodeResponseFrame(m.apiKey!, v, 1, input);
    return { name: m.name, type: m.type, apiKey: m.apiKey!, version: v, payload: frame.subarray(4) };
  });
});

function decodePayload(f: (typeof frames)[number], payload: Buffer): unknown {
  if (f.type === 'response') return decodeResponseFrame(f.apiKey, f.version, payload);
  const { bodyOffset } = decodeRequestHeader(payload);
  return decodeRequestBody(f.apiKey, f.version, payload, bodyOffset);
}

describe('malformed input throws MalformedFrameError', () => {
  it.each(frames)('$name v$version: every truncation is a MalformedFrameError, never a RangeError', (f) => {
    for (let len = 0; len < f.payload.length; len++) {
      const cut = Buffer.from(f.payload.subarray(0, len));
      expectMalformed(() => decodePayload(f, cut));
    }
  });

  it('the message names the message, the field path and the offset', () => {
    const frame = encodeRequestFrame({ apiKey: 19, apiVersion: 5, correlationId: 7, clientId: 'abc' },
      { topics: [{ name: 't', numPartitions: 3, replicationFactor: 1, configs: [{ name: 'retention.ms', value: '100' }] }] });
    const payload = frame.subarray(4, frame.length - 10);
    const e = expectMalformed(() => decodeRequestBody(19, 5, payload, decodeRequestHeader(payload).bodyOffset),
      'CreateTopicsRequest v5', 'field Topics[0].Configs[0].Value', 'string length 3 exceeds', 'at offset 38');
    expect(e.path).toEqual(['Topics', '[0]', 'Configs', '[0]', 'Value']);
    expect(e.offset).toBe(38);
  });

  it('string length past the end', () => {
    // Metadata v1 request: Topics = [ { Name: length 200, 2 bytes of data } ]
    const body = Buffer.from('00000001' + '00c8' + '6162', 'hex');
    expectMalformed(() => decodeRequestBody(3, 1, body, 0), 'field Topics[0].Name', 'string length 200 exceeds the 2 bytes');
  });

  it('negative array length other than -1 for a nullable array; -1 is null', () => {
    expect(decodeRequestBody(3, 1, Buffer.from('ffffffff', 'hex'), 0)).toEqual({
      topics: null, allowAutoTopicCreation: true, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false,
    });
    expectMalformed(() => decodeRequestBody(3, 1, Buffer.from('fffffffe', 'hex'), 0), 'negative array length -2');
  });

  it('null for a non-nullable array or string', () => {
    // CreateTopics v0: Topics is not nullable
    expectMalformed(() => decodeRequestBody(19, 0, Buffer.from('ffffffff00000000', 'hex'), 0), 'field Topics', 'non-nullable array');
    // CreateTopics v0 topic name -1
    expectMalformed(() => decodeRequestBody(19, 0, Buffer.from('00000001ffff', 'hex'), 0), 'Topics[0].Name', 'non-nullable string');
  });

  it('array count larger than the remaining bytes is rejected before allocating', () => {
    expectMalformed(() => decodeRequestBody(3, 1, Buffer.from('7fffffff00', 'hex'), 0), 'array length 2147483647 exceeds');
  });

  it('over-long varints and tagged fields running past the end', () => {
    // DescribeCluster v0 request: IncludeClusterAuthorizedOperations bool, then tag section
    expectMalformed(() => decodeRequestBody(60, 0, Buffer.from('00ffffffffff01', 'hex'), 0), 'varint');
    expectMalformed(() => decodeRequestBody(60, 0, Buffer.from('0001050a01', 'hex'), 0), 'tagged field 5 of 10 bytes exceeds');
  });

  it('unknown tagged fields are skipped; known ones decoded', () => {
    // ApiVersions v3 response: ErrorCode, ApiKeys [], ThrottleTimeMs, tags { 9: 2 bytes unknown, 1: FinalizedFeaturesEpoch = 7 }
    const body = Buffer.from('0000' + '01' + '00000000' + '02' + '09' + '02' + 'abcd' + '01' + '08' + '0000000000000007', 'hex');
    const payload = Buffer.concat([Buffer.from('00000001', 'hex'), body]);
    expect(decodeResponseFrame(18, 3, payload).body).toMatchObject({ apiKeys: [], finalizedFeaturesEpoch: 7n, zkMigrationReady: false });
  });

  it('request header: truncated clientId', () => {
    expectMalformed(() => decodeRequestHeader(Buffer.from('0012000000000001000a6162', 'hex')), 'request header', 'clientId length 10');
    expectMalformed(() => decodeRequestHeader(Buffer.from('0012', 'hex')), 'request header');
  });

  it('random bytes never escape as anything but MalformedFrameError', () => {
    fc.assert(fc.property(fc.constantFrom(...frames), fc.uint8Array({ maxLength: 64 }), fc.nat(), (f, noise, pos) => {
      const payload = Buffer.from(f.payload);
      const at = payload.length ? pos % payload.length : 0;
      payload.set(noise.subarray(0, Math.max(0, payload.length - at)), at);
      try {
        decodePayload(f, payload);
      } catch (e) {
        if (!(e instanceof MalformedFrameError)) throw e;
      }
    }), { numRuns: 3000 });
  });
});

describe('encoding errors and unknown versions', () => {
  it('unknown API key or version is KafkaProtocolError 35', () => {
    expect(() => decodeRequestBody(19, 8, Buffer.alloc(0), 0)).toThrow(KafkaProtocolError);
    expect(() => encodeRequestFrame({ apiKey: 999, apiVersion: 0, correlationId: 1, clientId: null }, {})).toThrow(/UNSUPPORTED_VERSION/);
  });

  it('wrong JS types and nulls in non-nullable versions are ProtocolEncodeError naming the field', () => {
    const header = { apiKey: 19, apiVersion: 5, correlationId: 1, clientId: null };
    expect(() => encodeRequestFrame(header, { topics: [{ name: 't', numPartitions: '3' }] }))
      .toThrow(/CreateTopicsRequest v5, field Topics\[0\]\.NumPartitions: expected int32/);
    expect(() => encodeRequestFrame(header, { topics: [{ name: null }] })).toThrow(ProtocolEncodeError);
    expect(() => encodeRequestFrame(header, { topics: [{ name: 'x', replicationFactor: 70000 }] })).toThrow(/int16/);
    expect(() => encodeRequestFrame({ ...header, apiKey: 1, apiVersion: 13 }, { topics: [{ topicId: 'nope' }] })).toThrow(/UUID/);
  });

  it('int64 accepts bigint and safe-integer numbers', () => {
    const body = { topics: [{ name: 't', partitions: [{ partitionIndex: 0, offset: 5 }] }] };
    const frame = encodeRequestFrame({ apiKey: 21, apiVersion: 0, correlationId: 1, clientId: null }, body);
    const payload = frame.subarray(4);
    expect(decodeRequestBody(21, 0, payload, decodeRequestHeader(payload).bodyOffset))
      .toMatchObject({ topics: [{ partitions: [{ offset: 5n }] }] });
  });
});

describe('FrameSplitter', () => {
  it('reassembles frames split at any byte and returns them in order', () => {
    const a = encodeRequestFrame({ apiKey: 18, apiVersion: 0, correlationId: 1, clientId: 'x' }, {});
    const b = encodeRequestFrame({ apiKey: 3, apiVersion: 1, correlationId: 2, clientId: 'y' }, { topics: [{ name: 'orders' }] });
    const stream = Buffer.concat([a, b, a]);
    for (let cut1 = 0; cut1 <= stream.length; cut1++) {
      const cut2 = Math.min(stream.length, cut1 + 7);
      const s = new FrameSplitter();
      const out = [...s.push(stream.subarray(0, cut1)), ...s.push(stream.subarray(cut1, cut2)), ...s.push(stream.subarray(cut2))];
      expect(out.map((p) => p.toString('hex'))).toEqual([a, b, a].map((f) => f.subarray(4).toString('hex')));
      expect(s.pendingBytes).toBe(0);
    }
  });

  it('rejects negative and oversized frame sizes', () => {
    expect(() => new FrameSplitter().push(Buffer.from('ffffffff', 'hex'))).toThrow(MalformedFrameError);
    expect(() => new FrameSplitter(1000).push(Buffer.from('00001000', 'hex'))).toThrow(/frame size 4096/);
  });
});
