import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../protocol/api-keys.js';
import { decodeResponseFrame, encodeRequestFrame } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import type { ApiVersionsResponse } from '../protocol/generated/ApiVersionsResponse.js';
import type { MetadataResponse } from '../protocol/generated/MetadataResponse.js';
import pino from 'pino';
import { Writable } from 'node:stream';
import { closedWithin, readFrames, startHarness, type Harness } from './testing/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ brokers: 2 });
});
afterAll(async () => h.stop());


const header = (apiKey: number, apiVersion: number, correlationId: number) => ({ apiKey, apiVersion, correlationId, clientId: 'wire-test' });

/** A frame with an arbitrary API version (the codec refuses to encode versions outside the schema). */
function rawFrame(apiKey: number, apiVersion: number, correlationId: number, body = Buffer.alloc(0)): Buffer {
  const clientId = Buffer.from('wire-test');
  const head = Buffer.alloc(10);
  head.writeInt16BE(apiKey, 0);
  head.writeInt16BE(apiVersion, 2);
  head.writeInt32BE(correlationId, 4);
  head.writeInt16BE(clientId.length, 8);
  const payload = Buffer.concat([head, clientId, body]);
  const size = Buffer.alloc(4);
  size.writeInt32BE(payload.length, 0);
  return Buffer.concat([size, payload]);
}

describe('wire protocol', () => {
  it('advertises exactly the registered APIs with the recommended ranges', async () => {
    const s = await h.socket();
    const reply = readFrames(s, 1);
    s.write(encodeRequestFrame(header(ApiKey.ApiVersions, 0, 7), {}));
    const { correlationId, body } = decodeResponseFrame<ApiVersionsResponse>(ApiKey.ApiVersions, 0, (await reply)[0]);
    expect(correlationId).toBe(7);
    expect(body.errorCode).toBe(ErrorCode.NONE);
    expect(body.apiKeys.map((k) => [k.apiKey, k.minVersion, k.maxVersion])).toEqual([
      [0, 0, 8], [1, 0, 11], [2, 0, 5], [3, 0, 8], [8, 0, 7], [9, 0, 5], [10, 0, 2], [11, 0, 5], [12, 0, 3], [13, 0, 3], [14, 0, 3], [15, 0, 4], [16, 0, 2],
      [18, 0, 3], [19, 0, 4], [20, 0, 3], [21, 0, 1], [22, 0, 1], [32, 0, 3], [33, 0, 1], [35, 0, 1], [37, 0, 1], [42, 0, 1], [43, 0, 1], [44, 0, 1], [45, 0, 0], [46, 0, 0], [60, 0, 0],
    ]);
  });

  it('answers a too-new ApiVersions in v0 format with UNSUPPORTED_VERSION (KIP-511)', async () => {
    const s = await h.socket();
    const reply = readFrames(s, 1);
    s.write(rawFrame(ApiKey.ApiVersions, 4, 11, Buffer.from([0x00, 0x00, 0x00])));
    const payload = (await reply)[0];
    const { correlationId, body } = decodeResponseFrame<ApiVersionsResponse>(ApiKey.ApiVersions, 0, payload);
    expect(correlationId).toBe(11);
    expect(body).toMatchObject({ errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 3 }] });
    // The connection stays usable: the client retries at a version we serve.
    const again = readFrames(s, 1);
    s.write(encodeRequestFrame(header(ApiKey.ApiVersions, 3, 12), { clientSoftwareName: 'x', clientSoftwareVersion: '1' }));
    expect(decodeResponseFrame<ApiVersionsResponse>(ApiKey.ApiVersions, 3, (await again)[0]).body.errorCode).toBe(ErrorCode.NONE);
  });

  it('answers pipelined requests in order (kafka-python probe: ApiVersions v0 + Metadata v0)', async () => {
    const s = await h.socket(2);
    const replies = readFrames(s, 3);
    s.write(Buffer.concat([
      encodeRequestFrame(header(ApiKey.ApiVersions, 0, 1), {}),
      encodeRequestFrame(header(ApiKey.Metadata, 0, 2), { topics: [] }),
      encodeRequestFrame(header(ApiKey.Metadata, 4, 3), { topics: null, allowAutoTopicCreation: true }),
    ]));
    const [a, b, c] = await replies;
    expect(decodeResponseFrame(ApiKey.ApiVersions, 0, a).correlationId).toBe(1);
    const md = decodeResponseFrame<MetadataResponse>(ApiKey.Metadata, 0, b);
    expect(md.correlationId).toBe(2);
    expect(md.body.brokers.map((x) => x.nodeId)).toEqual([1, 2]);
    expect(decodeResponseFrame(ApiKey.Metadata, 4, c).correlationId).toBe(3);
  });

  it('closes only the connection that sends garbage; everyone else keeps working', async () => {
    const admin = await h.admin();
    const bad = await h.socket();
    bad.write(Buffer.from([0, 0, 0, 3, 0xde, 0xad, 0xbe]));
    await closedWithin(bad);
    const oversized = await h.socket();
    oversized.write(Buffer.from([0x7f, 0xff, 0xff, 0xff]));
    await closedWithin(oversized);
    const truncatedBody = await h.socket();
    truncatedBody.write(rawFrame(ApiKey.CreateTopics, 3, 1, Buffer.from([0, 0, 0, 5, 0])));
    await closedWithin(truncatedBody);
    await expect(admin.listTopics()).resolves.toEqual(expect.any(Array));
  });

  it('closes the connection for an unknown API key or an unsupported version', async () => {
    const unknown = await h.socket();
    unknown.write(rawFrame(ApiKey.SaslHandshake, 1, 1));
    await closedWithin(unknown);
    const tooNew = await h.socket();
    tooNew.write(rawFrame(ApiKey.Metadata, 12, 1));
    await closedWithin(tooNew);
    const neverHeard = await h.socket();
    neverHeard.write(rawFrame(999, 0, 1));
    await closedWithin(neverHeard);
    const p = await h.protocol(2);
    expect((await p.request<MetadataResponse>(ApiKey.Metadata, { topics: [] })).body.controllerId).toBe(1);
  });

  it('logs why it closed a connection', async () => {
    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    const logged = await startHarness({ brokers: 1, logger: pino({ level: 'info' }, sink) });
    try {
      const s = await logged.socket();
      s.write(Buffer.from([0, 0, 0, 2, 0, 0]));
      await closedWithin(s);
      const s2 = await logged.socket();
      s2.write(rawFrame(ApiKey.SaslHandshake, 1, 1));
      await closedWithin(s2);
    } finally {
      await logged.stop();
    }
    const warnings = lines.filter((l) => l.level === 40).map((l) => l.msg);
    expect(warnings).toEqual([
      expect.stringMatching(/^closing connection: malformed request header/),
      'closing connection: unsupported API key 17 (correlation id 1)',
    ]);
  });
});
