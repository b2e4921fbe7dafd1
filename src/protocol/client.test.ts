import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { ProtocolConnection } from './client.js';
import { decodeRequestBody, decodeRequestHeader, encodeResponseFrame, type RequestHeader } from './codec.js';
import { ApiKey } from './api-keys.js';
import { ErrorCode, KafkaProtocolError } from './errors.js';
import { FrameSplitter } from './frames.js';

interface Received { header: RequestHeader; body: Record<string, unknown>; reply: (body: object) => void; socket: Socket }

interface FakeBrokerOptions {
  /** Highest ApiVersions version served; higher ones get the error-35 v0-format reply. */
  apiVersionsMax: number;
  advertised: { apiKey: number; minVersion: number; maxVersion: number }[];
  onRequest: (r: Received) => void;
}

/** A tiny broker built on our codec: answers ApiVersions itself, hands every other request to `onRequest`. */
async function startFakeBroker(opts: FakeBrokerOptions): Promise<{ port: number; apiVersionsSeen: number[]; server: Server }> {
  const apiVersionsSeen: number[] = [];
  const server = createServer((socket) => {
    const splitter = new FrameSplitter();
    socket.on('data', (chunk: Buffer) => {
      for (const payload of splitter.push(chunk)) {
        const { header, bodyOffset } = decodeRequestHeader(payload);
        const reply = (body: object) => socket.write(encodeResponseFrame(header.apiKey, header.apiVersion, header.correlationId, body));
        if (header.apiKey === ApiKey.ApiVersions) {
          apiVersionsSeen.push(header.apiVersion);
          if (header.apiVersion > opts.apiVersionsMax) {
            socket.write(encodeResponseFrame(18, 0, header.correlationId, {
              errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: opts.apiVersionsMax }],
            }));
          } else {
            reply({ errorCode: 0, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: opts.apiVersionsMax }, ...opts.advertised] });
          }
          continue;
        }
        const body = decodeRequestBody(header.apiKey, header.apiVersion, payload, bodyOffset);
        opts.onRequest({ header, body, reply, socket });
      }
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, apiVersionsSeen, server };
}

const servers: Server[] = [];
const conns: ProtocolConnection[] = [];
afterEach(async () => {
  await Promise.all(conns.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function connect(port: number, requestTimeoutMs = 5000): Promise<ProtocolConnection> {
  const c = await ProtocolConnection.connect('127.0.0.1', port, { clientId: 'test', requestTimeoutMs });
  conns.push(c);
  return c;
}

const ADVERTISED = [
  { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 8 },
  { apiKey: ApiKey.DescribeCluster, minVersion: 0, maxVersion: 0 },
];

const metadataReply = (r: Received) => ({
  brokers: [{ nodeId: 1, host: 'localhost', port: 9092, rack: null }],
  controllerId: 1,
  topics: ((r.body.topics as { name: string }[] | null) ?? []).map((t) => ({ errorCode: 0, name: t.name, partitions: [] })),
});

describe('ProtocolConnection', () => {
  it('negotiates ApiVersions v3, falling back to v0 after the error-35 v0-format reply', async () => {
    const broker = await startFakeBroker({ apiVersionsMax: 2, advertised: ADVERTISED, onRequest: () => undefined });
    const c = await connect(broker.port);
    expect(broker.apiVersionsSeen).toEqual([3, 0]);
    expect(c.apiVersions.get(ApiKey.Metadata)).toEqual({ min: 0, max: 8 });
    expect(c.apiVersions.get(ApiKey.ApiVersions)).toEqual({ min: 0, max: 2 });
  });

  it('uses ApiVersions v3 directly when the broker serves it', async () => {
    const broker = await startFakeBroker({ apiVersionsMax: 3, advertised: ADVERTISED, onRequest: () => undefined });
    const c = await connect(broker.port);
    expect(broker.apiVersionsSeen).toEqual([3]);
    expect(c.apiVersions.get(ApiKey.DescribeCluster)).toEqual({ min: 0, max: 0 });
  });

  it('pipelines requests and matches responses by correlation id, even out of order', async () => {
    const held: Received[] = [];
    const broker = await startFakeBroker({
      apiVersionsMax: 3, advertised: ADVERTISED,
      onRequest: (r) => {
        held.push(r);
        if (held.length === 3) for (const h of held.reverse()) h.reply(metadataReply(h));
      },
    });
    const c = await connect(broker.port);
    const results = await Promise.all(['a', 'b', 'c'].map((name) =>
      c.request<{ topics: { name: string }[] }>(ApiKey.Metadata, { topics: [{ name }] })));
    expect(results.map((r) => r.body.topics[0].name)).toEqual(['a', 'b', 'c']);
    expect(results.every((r) => r.version === 8)).toBe(true);
    expect(new Set(held.map((h) => h.header.correlationId)).size).toBe(3);
    expect(held.every((h) => h.header.clientId === 'test')).toBe(true);
  });

  it('picks the highest common version, honours an explicit one, and rejects unsupported ones with 35', async () => {
    const seen: number[] = [];
    const broker = await startFakeBroker({
      apiVersionsMax: 3, advertised: ADVERTISED,
      onRequest: (r) => { seen.push(r.header.apiVersion); r.reply(metadataReply(r)); },
    });
    const c = await connect(broker.port);
    expect((await c.request(ApiKey.Metadata, { topics: null })).version).toBe(8);
    expect((await c.request(ApiKey.Metadata, { topics: null }, 1)).version).toBe(1);
    expect(seen).toEqual([8, 1]);
    await expect(c.request(ApiKey.Metadata, {}, 9)).rejects.toMatchObject({ code: 35 });
    const notAdvertised = c.request(ApiKey.IncrementalAlterConfigs, {});
    await expect(notAdvertised).rejects.toBeInstanceOf(KafkaProtocolError);
    await expect(notAdvertised).rejects.toThrow(`127.0.0.1:${broker.port} does not support IncrementalAlterConfigs`);
  });

  it('times out with an error naming the API and host:port; the connection stays usable', async () => {
    const broker = await startFakeBroker({
      apiVersionsMax: 3, advertised: ADVERTISED,
      onRequest: (r) => { if (r.header.apiKey === ApiKey.Metadata) r.reply(metadataReply(r)); },
    });
    const c = await connect(broker.port, 150);
    const err = await c.request(ApiKey.DescribeCluster, {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KafkaProtocolError);
    expect((err as KafkaProtocolError).code).toBe(ErrorCode.REQUEST_TIMED_OUT);
    expect((err as Error).message).toContain(`DescribeCluster v0 request to 127.0.0.1:${broker.port} timed out after 150 ms`);
    expect((await c.request(ApiKey.Metadata, { topics: [] })).version).toBe(8);
    expect(c.pendingCount).toBe(0);
  });

  it('a connection error rejects every pending request', async () => {
    let count = 0;
    const broker = await startFakeBroker({
      apiVersionsMax: 3, advertised: ADVERTISED,
      onRequest: (r) => { if (++count === 2) r.socket.destroy(); },
    });
    const c = await connect(broker.port);
    const outcomes = await Promise.allSettled([c.request(ApiKey.Metadata, {}), c.request(ApiKey.DescribeCluster, {})]);
    for (const o of outcomes) {
      expect(o.status).toBe('rejected');
      const reason = (o as PromiseRejectedResult).reason as KafkaProtocolError;
      expect(reason.code).toBe(ErrorCode.NETWORK_EXCEPTION);
      expect(reason.message).toContain(`127.0.0.1:${broker.port}`);
    }
    await expect(c.request(ApiKey.Metadata, {})).rejects.toThrow(/is closed/);
  });

  it('close() rejects pending requests and later ones', async () => {
    const broker = await startFakeBroker({ apiVersionsMax: 3, advertised: ADVERTISED, onRequest: () => undefined });
    const c = await connect(broker.port);
    const pending = c.request(ApiKey.Metadata, {}).catch((e: unknown) => e);
    await c.close();
    expect(await pending).toBeInstanceOf(KafkaProtocolError);
    expect(String(await pending)).toMatch(/Metadata v8 request failed: connection to 127\.0\.0\.1:\d+ closed by the client/);
    await expect(c.request(ApiKey.Metadata, {})).rejects.toMatchObject({ code: ErrorCode.NETWORK_EXCEPTION });
  });

  it('a refused connection names host:port', async () => {
    const broker = await startFakeBroker({ apiVersionsMax: 3, advertised: ADVERTISED, onRequest: () => undefined });
    const port = broker.port;
    await new Promise((r) => broker.server.close(r));
    servers.length = 0;
    await expect(ProtocolConnection.connect('127.0.0.1', port)).rejects.toThrow(`connection to 127.0.0.1:${port} failed`);
  });
});
