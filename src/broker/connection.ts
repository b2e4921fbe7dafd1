/**
 * One client connection to one broker: splits the byte stream into frames, serves requests strictly one after
 * another (so responses go out in request order even when the client pipelines), and closes the connection —
 * never the process — on anything Kafka would close it for: a malformed or oversized frame, an unknown API key,
 * an unsupported version of an API other than ApiVersions, or an error inside a handler.
 */
import { once } from 'node:events';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import { ApiKey } from '../protocol/api-keys.js';
import { decodeRequestBody, decodeRequestHeader, encodeResponseFrame, MalformedFrameError } from '../protocol/codec.js';
import { ErrorCode } from '../protocol/errors.js';
import { FrameSplitter } from '../protocol/frames.js';
import type { ApiRegistry } from './api/registry.js';
import { NO_RESPONSE, type BrokerSettings, type RequestContext } from './api/types.js';
import type { ClusterModel } from './model/cluster-model.js';

/** What a broker's connections share. */
export interface BrokerEnvironment {
  readonly brokerId: number;
  readonly cluster: ClusterModel;
  readonly registry: ApiRegistry;
  readonly settings: BrokerSettings;
  readonly maxFrameBytes: number;
  durable(): Promise<void>;
}

/** The response frame to send, nothing to send (acks=0), or why the connection must close. */
type Served = { readonly frame: Buffer } | { readonly none: true } | { readonly close: string };

export class BrokerConnection {
  private readonly splitter: FrameSplitter;
  private readonly queue: Buffer[] = [];
  private processing = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly env: BrokerEnvironment,
    private readonly log: Logger,
  ) {
    this.splitter = new FrameSplitter(env.maxFrameBytes);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.log.debug({ err }, 'connection error'));
    socket.on('close', () => {
      this.closed = true;
      this.log.debug('connection closed');
    });
  }

  /** Closes the connection (used by the server on shutdown). */
  destroy(): void {
    this.closed = true;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    try {
      this.queue.push(...this.splitter.push(chunk));
    } catch (e) {
      this.fail(e instanceof MalformedFrameError ? `malformed frame: ${e.message}` : 'frame error', e);
      return;
    }
    if (!this.processing) void this.drain();
  }

  private async drain(): Promise<void> {
    this.processing = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const served = await this.serve(this.queue.shift()!);
        if (this.closed) return;
        if ('close' in served) {
          this.fail(served.close);
          return;
        }
        if ('none' in served) continue;
        if (!this.socket.write(served.frame)) await this.waitForDrain();
      }
    } catch (e) {
      this.fail('error while serving a request', e);
    } finally {
      this.processing = false;
    }
  }

  private async waitForDrain(): Promise<void> {
    const ac = new AbortController();
    try {
      await Promise.race([once(this.socket, 'drain', { signal: ac.signal }), once(this.socket, 'close', { signal: ac.signal })]);
    } finally {
      ac.abort();
    }
  }

  private async serve(payload: Buffer): Promise<Served> {
    let decoded: ReturnType<typeof decodeRequestHeader>;
    try {
      decoded = decodeRequestHeader(payload);
    } catch (e) {
      if (e instanceof MalformedFrameError) return { close: `malformed request header: ${e.message}` };
      throw e;
    }
    const { header, bodyOffset } = decoded;
    const { apiKey, apiVersion, correlationId } = header;
    const handler = this.env.registry.get(apiKey);
    if (!handler) return { close: `unsupported API key ${apiKey} (correlation id ${correlationId})` };
    if (apiVersion < handler.minVersion || apiVersion > handler.maxVersion) {
      if (apiKey !== ApiKey.ApiVersions) {
        return { close: `unsupported ${handler.name} version ${apiVersion} (serving ${handler.minVersion}-${handler.maxVersion})` };
      }
      // KIP-511: answer in v0 format with UNSUPPORTED_VERSION and our ApiVersions range, without reading the body.
      this.log.debug({ apiVersion }, 'ApiVersions version not supported; answering in v0 format');
      return {
        frame: encodeResponseFrame(ApiKey.ApiVersions, 0, correlationId, {
          errorCode: ErrorCode.UNSUPPORTED_VERSION,
          apiKeys: [{ apiKey: ApiKey.ApiVersions, minVersion: handler.minVersion, maxVersion: handler.maxVersion }],
        }),
      };
    }
    let body: object;
    try {
      body = decodeRequestBody<object>(apiKey, apiVersion, payload, bodyOffset);
    } catch (e) {
      if (e instanceof MalformedFrameError) return { close: `malformed ${handler.name} v${apiVersion} request: ${e.message}` };
      throw e;
    }
    const log = this.log.child({ api: handler.name, apiVersion, correlationId, clientId: header.clientId });
    const ctx: RequestContext = {
      brokerId: this.env.brokerId,
      cluster: this.env.cluster,
      header,
      log,
      registry: this.env.registry,
      settings: this.env.settings,
      durable: () => this.env.durable(),
    };
    log.debug('request');
    const response: unknown = await handler.handle(ctx, body);
    if (response === NO_RESPONSE) return { none: true };
    return { frame: encodeResponseFrame(apiKey, apiVersion, correlationId, response as object) };
  }

  private fail(reason: string, err?: unknown): void {
    if (this.closed) return;
    if (err === undefined) this.log.warn({ remote: this.remote() }, `closing connection: ${reason}`);
    else this.log.error({ err, remote: this.remote() }, `closing connection: ${reason}`);
    this.closed = true;
    this.socket.destroy();
  }

  private remote(): string {
    return `${this.socket.remoteAddress ?? '?'}:${this.socket.remotePort ?? '?'}`;
  }
}
