/**
 * Test harness for the built-in cluster: a cluster on ephemeral loopback ports in a temp dir, kafkajs admins
 * that do not retry (so error cases answer at once), and raw protocol connections for exact codes and messages.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import pino from 'pino';
import { ProtocolConnection } from '../../protocol/client.js';
import { FrameSplitter } from '../../protocol/frames.js';
import { startBuiltInCluster, type BuiltInClusterOptions, type RunningCluster } from '../index.js';

export const silentLogger = pino({ level: 'silent' });

export async function makeTempDir(prefix = 'topicops-broker-'): Promise<string> {
  return mkdtemp(join(tmpdir(), prefix));
}

export interface Harness {
  readonly cluster: RunningCluster;
  readonly dataDir: string;
  /** A connected kafkajs admin with retries off. */
  admin(): Promise<Admin>;
  /** A protocol connection to broker `brokerId` (default the controller, 1). */
  protocol(brokerId?: number): Promise<ProtocolConnection>;
  /** A raw TCP socket to broker `brokerId`. */
  socket(brokerId?: number): Promise<Socket>;
  /** Stops the cluster and closes every client; removes the data dir unless keepDir. */
  stop(opts?: { keepDir?: boolean }): Promise<void>;
}

export async function startHarness(opts: Partial<BuiltInClusterOptions> = {}): Promise<Harness> {
  const dataDir = opts.dataDir ?? (await makeTempDir());
  const cluster = await startBuiltInCluster({ logger: silentLogger, port: 0, ...opts, dataDir });
  const admins: Admin[] = [];
  const connections: ProtocolConnection[] = [];
  const sockets: Socket[] = [];
  const broker = (id: number) => {
    const b = cluster.brokers.find((x) => x.id === id);
    if (!b) throw new Error(`no broker ${id}`);
    return b;
  };
  return {
    cluster,
    dataDir,
    async admin() {
      const kafka = new Kafka({
        clientId: 'broker-test',
        brokers: cluster.bootstrap.split(','),
        logLevel: logLevel.NOTHING,
        retry: { retries: 0 },
      });
      const admin = kafka.admin({ retry: { retries: 0 } });
      await admin.connect();
      admins.push(admin);
      return admin;
    },
    async protocol(brokerId = 1) {
      const b = broker(brokerId);
      const c = await ProtocolConnection.connect(b.host, b.port, { clientId: 'broker-test' });
      connections.push(c);
      return c;
    },
    async socket(brokerId = 1) {
      const b = broker(brokerId);
      const s = connect({ host: b.host, port: b.port });
      await new Promise<void>((resolve, reject) => {
        s.once('connect', () => resolve());
        s.once('error', reject);
      });
      sockets.push(s);
      return s;
    },
    async stop(stopOpts = {}) {
      await Promise.all(admins.map((a) => a.disconnect()));
      await Promise.all(connections.map((c) => c.close()));
      for (const s of sockets) s.destroy();
      await cluster.stop();
      if (!stopOpts.keepDir && !opts.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** The Kafka error type a kafkajs error carries (looking through retry and aggregate wrappers). */
export function kafkajsErrorTypes(e: unknown): string[] {
  const err = e as { type?: string; errors?: unknown[]; originalError?: unknown; cause?: unknown };
  if (Array.isArray(err?.errors)) return err.errors.flatMap((x) => kafkajsErrorTypes(x));
  if (err?.type) return [err.type];
  if (err?.originalError) return kafkajsErrorTypes(err.originalError);
  if (err?.cause) return kafkajsErrorTypes(err.cause);
  return [];
}

/** Runs `fn`, expecting it to throw; returns the Kafka error types found. */
export async function kafkajsFailure(fn: () => Promise<unknown>): Promise<string[]> {
  try {
    await fn();
  } catch (e) {
    return kafkajsErrorTypes(e);
  }
  throw new Error('expected the call to fail');
}

/** Resolves when the socket is closed by the other side (or rejects after `ms`). */
export function closedWithin(socket: Socket, ms = 5000): Promise<void> {
  if (socket.destroyed || socket.readableEnded) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket was not closed')), ms);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.resume();
  });
}

/** Collects the next `n` response payloads from a socket. */
export function readFrames(socket: Socket, n: number): Promise<Buffer[]> {
  const splitter = new FrameSplitter();
  const frames: Buffer[] = [];
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      frames.push(...splitter.push(chunk));
      if (frames.length >= n) {
        socket.off('data', onData);
        resolve(frames);
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`socket closed after ${frames.length} of ${n} frames`)));
  });
}
