/**
 * A small Kafka protocol client: one TCP connection to one broker, ApiVersions negotiation at connect, pipelined
 * requests correlated by id. Used for the admin APIs kafkajs lacks (IncrementalAlterConfigs, DescribeCluster,
 * DescribeLogDirs, ElectLeaders, DescribeConfigs with synonyms/documentation, ...).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { decodeResponseFrame, encodeRequestFrame, peekCorrelationId } from './codec.js';
import { ApiKey } from './api-keys.js';
import { ErrorCode, KafkaProtocolError } from './errors.js';
import { FrameSplitter } from './frames.js';
import { apiName, schemaVersionRange } from './schema.js';
import type { ApiVersionsResponse } from './generated/ApiVersionsResponse.js';

export interface ProtocolClientOptions {
  clientId?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
}

interface Pending {
  readonly apiKey: number;
  readonly version: number;
  readonly resolve: (r: { version: number; body: unknown }) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
  readonly decode: (payload: Buffer) => unknown;
}

const CLIENT_SOFTWARE_NAME = 'topicops';
const CLIENT_SOFTWARE_VERSION = '0.1.0';
const API_VERSIONS_FIRST = 3;

function openSocket(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION, `connection to ${host}:${port} timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION, `connection to ${host}:${port} failed: ${err.message}`));
    });
  });
}

/** ApiVersions replies to an unsupported version carry a v0-format body: read the error code first, then decode. */
function decodeApiVersions(version: number, payload: Buffer): ApiVersionsResponse {
  const errorCode = payload.length >= 6 ? payload.readInt16BE(4) : 0;
  return decodeResponseFrame<ApiVersionsResponse>(ApiKey.ApiVersions, errorCode === 0 ? version : 0, payload).body;
}

export class ProtocolConnection {
  /** The broker's advertised versions (apiKey → range), negotiated at connect. */
  readonly apiVersions: ReadonlyMap<number, { min: number; max: number }>;
  private readonly versions = new Map<number, { min: number; max: number }>();
  private readonly pending = new Map<number, Pending>();
  /** Correlation ids whose requests timed out; a late response for them is dropped. */
  private readonly abandoned = new Set<number>();
  private readonly splitter = new FrameSplitter();
  private nextCorrelationId = 1;
  private closed = false;
  private readonly closedPromise: Promise<void>;

  private constructor(
    private readonly socket: Socket,
    readonly host: string,
    readonly port: number,
    private readonly clientId: string,
    private readonly requestTimeoutMs: number,
  ) {
    this.apiVersions = this.versions;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.fail(`connection to ${this.address} failed: ${err.message}`));
    this.closedPromise = new Promise((resolve) => {
      socket.once('close', () => {
        this.fail(`connection to ${this.address} closed`);
        resolve();
      });
    });
  }

  static async connect(host: string, port: number, opts: ProtocolClientOptions = {}): Promise<ProtocolConnection> {
    const socket = await openSocket(host, port, opts.connectTimeoutMs ?? 10_000);
    const conn = new ProtocolConnection(socket, host, port, opts.clientId ?? 'topicops', opts.requestTimeoutMs ?? 30_000);
    try {
      await conn.negotiate();
    } catch (e) {
      await conn.close();
      throw e;
    }
    return conn;
  }

  get address(): string {
    return `${this.host}:${this.port}`;
  }

  /** Requests sent and not yet answered. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /**
   * Sends at the highest version both sides support (or `version` if given); rejects with KafkaProtocolError(35) when there
   * is none. Requests are pipelined and responses matched by correlation id.
   */
  request<T = Record<string, unknown>>(apiKey: number, body: object, version?: number): Promise<{ version: number; body: T }> {
    const name = apiName(apiKey) ?? `API ${apiKey}`;
    const ours = schemaVersionRange(apiKey);
    const theirs = this.versions.get(apiKey);
    const unsupported = (why: string) => Promise.reject(new KafkaProtocolError(ErrorCode.UNSUPPORTED_VERSION, why));
    if (!ours) return unsupported(`no schema for API key ${apiKey}`);
    if (!theirs) return unsupported(`${this.address} does not support ${name}`);
    const min = Math.max(ours.min, theirs.min);
    const max = Math.min(ours.max, theirs.max);
    if (version !== undefined && (version < min || version > max)) {
      return unsupported(`${name} v${version} is not supported: ${this.address} supports ${theirs.min}-${theirs.max}, ` +
        `topicops ${ours.min}-${ours.max}`);
    }
    if (min > max) {
      return unsupported(`no common ${name} version: ${this.address} supports ${theirs.min}-${theirs.max}, ` +
        `topicops ${ours.min}-${ours.max}`);
    }
    const v = version ?? max;
    return this.send(apiKey, v, body, (payload) => decodeResponseFrame(apiKey, v, payload).body) as
      Promise<{ version: number; body: T }>;
  }

  /** Closes the socket; requests still pending are rejected. */
  async close(): Promise<void> {
    if (!this.closed) {
      this.fail(`connection to ${this.address} closed by the client`);
      this.socket.destroy();
    }
    await this.closedPromise;
  }

  private async negotiate(): Promise<void> {
    const body = { clientSoftwareName: CLIENT_SOFTWARE_NAME, clientSoftwareVersion: CLIENT_SOFTWARE_VERSION };
    const ask = async (v: number) =>
      (await this.send(ApiKey.ApiVersions, v, body, (p) => decodeApiVersions(v, p))).body as ApiVersionsResponse;
    let version = API_VERSIONS_FIRST;
    let reply = await ask(version);
    if (reply.errorCode === ErrorCode.UNSUPPORTED_VERSION) {
      // The broker answered in v0 format (KIP-511); fall back to v0, which every broker serves.
      version = 0;
      reply = await ask(version);
    }
    if (reply.errorCode !== ErrorCode.NONE) {
      throw new KafkaProtocolError(reply.errorCode, `ApiVersions v${version} to ${this.address} failed`);
    }
    for (const k of reply.apiKeys) this.versions.set(k.apiKey, { min: k.minVersion, max: k.maxVersion });
  }

  private send(apiKey: number, version: number, body: object, decode: (payload: Buffer) => unknown):
    Promise<{ version: number; body: unknown }> {
    if (this.closed) {
      return Promise.reject(new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION, `connection to ${this.address} is closed`));
    }
    const correlationId = this.nextCorrelationId;
    this.nextCorrelationId = this.nextCorrelationId >= 0x7fffffff ? 1 : this.nextCorrelationId + 1;
    let frame: Buffer;
    try {
      frame = encodeRequestFrame({ apiKey, apiVersion: version, correlationId, clientId: this.clientId }, body);
    } catch (e) {
      return Promise.reject(e);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(correlationId);
        this.abandoned.add(correlationId);
        reject(new KafkaProtocolError(ErrorCode.REQUEST_TIMED_OUT,
          `${apiName(apiKey) ?? `API ${apiKey}`} v${version} request to ${this.address} timed out after ` +
          `${this.requestTimeoutMs} ms (correlation id ${correlationId})`));
      }, this.requestTimeoutMs);
      this.pending.set(correlationId, { apiKey, version, resolve, reject, timer, decode });
      this.socket.write(frame);
    });
  }

  private onData(chunk: Buffer): void {
    let payloads: Buffer[];
    try {
      payloads = this.splitter.push(chunk);
    } catch (e) {
      this.fail(`bad frame from ${this.address}: ${(e as Error).message}`);
      this.socket.destroy();
      return;
    }
    for (const payload of payloads) {
      if (payload.length < 4) {
        this.fail(`response frame of ${payload.length} bytes from ${this.address} has no correlation id`);
        this.socket.destroy();
        return;
      }
      const correlationId = peekCorrelationId(payload);
      const entry = this.pending.get(correlationId);
      if (!entry) {
        if (this.abandoned.delete(correlationId)) continue;
        this.fail(`${this.address} sent a response with unknown correlation id ${correlationId}`);
        this.socket.destroy();
        return;
      }
      this.pending.delete(correlationId);
      clearTimeout(entry.timer);
      try {
        entry.resolve({ version: entry.version, body: entry.decode(payload) });
      } catch (e) {
        entry.reject(e as Error);
      }
    }
  }

  /** Marks the connection closed and rejects every pending request. */
  private fail(reason: string): void {
    this.closed = true;
    if (this.pending.size === 0) return;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new KafkaProtocolError(ErrorCode.NETWORK_EXCEPTION,
        `${apiName(p.apiKey) ?? `API ${p.apiKey}`} v${p.version} request failed: ${reason}`));
    }
    this.pending.clear();
  }
}
