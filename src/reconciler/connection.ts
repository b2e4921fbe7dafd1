/**
 * Opens a connection to the target cluster: kafkajs's admin client for what it does well, and our protocol
 * client for the admin APIs kafkajs lacks (IncrementalAlterConfigs, DescribeCluster with racks). For the
 * built-in cluster this first starts it in-process on ephemeral loopback ports; from then on it is reached
 * exactly like a real cluster.
 */
import kafkajs, { type Admin } from 'kafkajs';
import type { Logger } from 'pino';
import { startBuiltInCluster, type RunningCluster } from '../broker/index.js';
import { ProtocolConnection } from '../protocol/client.js';
import { kafkajsLevelFor, kafkajsLogCreator } from './kafkajs-logger.js';
import type { ClusterTarget } from './target.js';

export interface ClusterConnection {
  readonly target: ClusterTarget;
  readonly bootstrap: readonly string[];
  readonly admin: Admin;
  /** A protocol connection to one bootstrap broker, opened lazily. */
  protocol(): Promise<ProtocolConnection>;
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly logger: Logger;
  readonly clientId?: string;
  readonly connectTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

const { Kafka } = kafkajs;

export async function openCluster(target: ClusterTarget, opts: OpenOptions): Promise<ClusterConnection> {
  const logger = opts.logger.child({ cluster: target.name });
  let builtIn: RunningCluster | undefined;
  let bootstrap: readonly string[];
  if (target.kind === 'built-in') {
    builtIn = await startBuiltInCluster({
      dataDir: target.dataDir,
      brokers: target.brokers,
      racks: target.racks,
      port: 0,
      // The in-process cluster's own info lines would drown the command's output; its warnings still show.
      logger: logger.child({ component: 'broker' }, { level: brokerLogLevel(logger) }),
    });
    bootstrap = builtIn.bootstrap.split(',');
  } else {
    bootstrap = target.brokers;
  }

  const clientId = opts.clientId ?? 'topicops';
  const kafka = new Kafka({
    clientId,
    brokers: [...bootstrap],
    connectionTimeout: opts.connectTimeoutMs ?? 5000,
    requestTimeout: opts.requestTimeoutMs ?? 30000,
    logLevel: kafkajsLevelFor(logger),
    logCreator: kafkajsLogCreator(logger),
    retry: { retries: 3, initialRetryTime: 100 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
  } catch (err) {
    await builtIn?.stop();
    throw new ClusterUnreachableError(bootstrap, err);
  }

  let protocol: Promise<ProtocolConnection> | undefined;
  const openProtocol = async (): Promise<ProtocolConnection> => {
    const errors: string[] = [];
    for (const entry of bootstrap) {
      const i = entry.lastIndexOf(':');
      const host = entry.slice(0, i).replace(/^\[|\]$/g, '');
      try {
        return await ProtocolConnection.connect(host, Number(entry.slice(i + 1)), {
          clientId,
          connectTimeoutMs: opts.connectTimeoutMs ?? 5000,
          requestTimeoutMs: opts.requestTimeoutMs ?? 30000,
        });
      } catch (err) {
        errors.push(`${entry}: ${(err as Error).message}`);
      }
    }
    throw new ClusterUnreachableError(bootstrap, new Error(errors.join('; ')));
  };

  return {
    target,
    bootstrap,
    admin,
    protocol() {
      protocol ??= openProtocol();
      return protocol;
    },
    async close() {
      const results = await Promise.allSettled([
        admin.disconnect(),
        protocol?.then((p) => p.close()),
      ]);
      if (builtIn) await builtIn.stop();
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed) logger.warn({ err: failed.reason }, 'error while closing cluster connections');
    },
  };
}

function brokerLogLevel(logger: Logger): string {
  return logger.level === 'debug' || logger.level === 'trace' || logger.level === 'silent' ? logger.level : 'warn';
}

export class ClusterUnreachableError extends Error {
  constructor(
    readonly bootstrap: readonly string[],
    cause: unknown,
  ) {
    super(
      `cannot reach the Kafka cluster at ${bootstrap.join(',')}: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
    this.name = 'ClusterUnreachableError';
  }
}
