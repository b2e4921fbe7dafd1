/**
 * Starting and stopping the built-in cluster: lock the data dir, load (or create) the metadata, reconcile the
 * broker set with the options, persist every change, and open one listener per broker.
 */
import { mkdir } from 'node:fs/promises';
import pino, { type Logger } from 'pino';
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/frames.js';
import { adminApiRegistry } from './api/registry.js';
import type { BrokerSettings } from './api/types.js';
import type { BrokerEnvironment } from './connection.js';
import { attachGroupCoordinator, GroupCoordinator, type GroupSettings } from './groups/index.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { ClusterModel } from './model/cluster-model.js';
import type { BrokerNode } from './model/types.js';
import { loadMetadata, MetadataPersister } from './persistence.js';
import { BrokerServer } from './server.js';

export interface BuiltInClusterOptions {
  dataDir: string;
  /** Default 3. */
  brokers?: number;
  /** Rack of broker i (0-based) = racks[i % racks.length]. Given on a restart, it replaces the persisted racks. */
  racks?: readonly string[];
  /** Default 127.0.0.1. */
  host?: string;
  /** First broker's port, the others +1, +2…; 0 or undefined = ephemeral ports for all. */
  port?: number;
  logger?: Logger;
  /** Group coordinator settings (session timeout bounds, initial rebalance delay…); Kafka's defaults otherwise. */
  groups?: Partial<GroupSettings>;
}

export interface RunningCluster {
  readonly clusterId: string;
  readonly brokers: readonly { id: number; host: string; port: number; rack: string | null }[];
  /** "127.0.0.1:p1,127.0.0.1:p2,…" */
  readonly bootstrap: string;
  /** Closes listeners and connections, flushes metadata, releases the lock. */
  stop(): Promise<void>;
}

/** The data dir holds more brokers than asked for: brokers can be added, not removed. */
export class BrokerCountError extends Error {
  constructor(
    readonly dataDir: string,
    readonly existing: number,
    readonly requested: number,
  ) {
    super(
      `data dir ${dataDir} holds a cluster of ${existing} brokers; it cannot be started with ${requested} ` +
        `(brokers can be added, not removed). Start it with --brokers ${existing} or more, or use a new data dir.`,
    );
    this.name = 'BrokerCountError';
  }
}

const DEFAULT_BROKERS = 3;

function brokerNodes(count: number, racks: readonly string[] | undefined, existing: readonly BrokerNode[]): BrokerNode[] {
  const nodes: BrokerNode[] = [];
  for (let i = 0; i < count; i++) {
    const id = i + 1;
    const rack = racks && racks.length > 0 ? racks[i % racks.length] : existing.find((b) => b.id === id)?.rack ?? null;
    nodes.push({ id, rack });
  }
  return nodes;
}

function sameBrokers(a: readonly BrokerNode[], b: readonly BrokerNode[]): boolean {
  return a.length === b.length && a.every((n, i) => n.id === b[i].id && n.rack === b[i].rack);
}

export async function startBuiltInCluster(opts: BuiltInClusterOptions): Promise<RunningCluster> {
  const log = opts.logger ?? pino({ level: 'warn' }, pino.destination(2));
  const host = opts.host ?? '127.0.0.1';
  if (opts.brokers !== undefined && (!Number.isInteger(opts.brokers) || opts.brokers < 1)) {
    throw new RangeError(`brokers must be a positive integer, got ${opts.brokers}`);
  }
  await mkdir(opts.dataDir, { recursive: true });
  const lock = await lockDataDir(opts.dataDir);
  const servers: BrokerServer[] = [];
  let groups: GroupCoordinator | null = null;
  try {
    const persisted = await loadMetadata(opts.dataDir);
    let model: ClusterModel;
    if (persisted) {
      const existing = persisted.brokers.length;
      const requested = opts.brokers ?? existing;
      if (requested < existing) throw new BrokerCountError(opts.dataDir, existing, requested);
      model = new ClusterModel(persisted);
      const wanted = brokerNodes(requested, opts.racks, persisted.brokers);
      if (!sameBrokers(wanted, model.brokers())) model.setBrokers(wanted);
    } else {
      model = ClusterModel.empty(brokerNodes(opts.brokers ?? DEFAULT_BROKERS, opts.racks, []));
    }
    const persister = new MetadataPersister(opts.dataDir, () => model.snapshot(), log);
    model.onChange(() => persister.schedule());
    await persister.flush();
    log.info({ clusterId: model.clusterId, dataDir: opts.dataDir, brokers: model.brokers().length }, 'cluster metadata ready');
    const coordinator = await GroupCoordinator.open({
      dataDir: opts.dataDir,
      log: log.child({ component: 'groups' }),
      settings: opts.groups,
      brokerIds: () => model.brokers().map((b) => b.id),
      topicExists: (topic) => model.topic(topic) !== undefined,
    });
    groups = coordinator;
    attachGroupCoordinator(model, coordinator);
    model.onChange(() => coordinator.forgetDeletedTopics());

    const settings: BrokerSettings = { defaultNumPartitions: 1, defaultReplicationFactor: 1, placementRng: Math.random };
    const registry = adminApiRegistry();
    for (const [i, node] of model.brokers().entries()) {
      const env: BrokerEnvironment = {
        brokerId: node.id,
        cluster: model,
        registry,
        settings,
        maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
        durable: () => persister.whenWritten(),
      };
      const port = opts.port ? opts.port + i : 0;
      const server = await BrokerServer.listen(env, host, port, log.child({ broker: node.id }));
      servers.push(server);
      model.setEndpoint(node.id, { host, port: server.port });
    }
    const brokers = model.brokers().map((b) => ({ id: b.id, host, port: model.endpoint(b.id)!.port, rack: b.rack }));
    const bootstrap = brokers.map((b) => `${b.host}:${b.port}`).join(',');
    await lock.setBootstrap(bootstrap);
    return runningCluster(model.clusterId, brokers, bootstrap, servers, persister, coordinator, lock, log);
  } catch (e) {
    await Promise.allSettled(servers.map((s) => s.close()));
    await groups?.close();
    await lock.release();
    throw e;
  }
}

function runningCluster(
  clusterId: string,
  brokers: RunningCluster['brokers'],
  bootstrap: string,
  servers: readonly BrokerServer[],
  persister: MetadataPersister,
  groups: GroupCoordinator,
  lock: DataDirLock,
  log: Logger,
): RunningCluster {
  let stopping: Promise<void> | null = null;
  return {
    clusterId,
    brokers,
    bootstrap,
    stop() {
      stopping ??= (async () => {
        try {
          await Promise.all(servers.map((s) => s.close()));
          await groups.close();
          await persister.flush();
        } finally {
          await lock.release();
        }
        log.info({ clusterId }, 'cluster stopped');
      })();
      return stopping;
    },
  };
}
