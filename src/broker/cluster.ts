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
import { attachReplicaManager } from './replication/attach.js';
import { FetcherManager } from './replication/follower-fetcher.js';
import { ReplicaManager, type ReplicationSettings } from './replication/replica-manager.js';
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
  /** Replication and log maintenance settings (replica.lag.time.max.ms, retention check interval…); Kafka's defaults otherwise. */
  replication?: Partial<ReplicationSettings>;
}

export interface RunningCluster {
  readonly clusterId: string;
  readonly brokers: readonly { id: number; host: string; port: number; rack: string | null }[];
  /** "127.0.0.1:p1,127.0.0.1:p2,…" */
  readonly bootstrap: string;
  /** Broker ids whose listener is serving now. */
  onlineBrokers(): number[];
  /**
   * Stops one broker as if its process died: its listener and connections close, it leaves every ISR, and the
   * partitions it led elect new leaders from their ISR. Its logs stay on disk.
   */
  stopBroker(brokerId: number): Promise<void>;
  /** Starts a stopped broker again on its former port: it recovers its logs, truncates and catches up. */
  startBroker(brokerId: number): Promise<void>;
  /**
   * Test/diagnostic control: pauses (or resumes) one broker's replica fetching. The broker stays online and serves
   * clients; the partitions it follows just stop receiving data, so it falls behind and leaves their ISRs after
   * replica.lag.time.max.ms, and rejoins once resumed and caught up.
   */
  pauseReplication(brokerId: number, paused: boolean): void;
  /** Closes listeners and connections, flushes logs and metadata, releases the lock. */
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
  const servers = new Map<number, BrokerServer>();
  let groups: GroupCoordinator | null = null;
  let data: { replicas: ReplicaManager; fetchers: FetcherManager } | null = null;
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

    const replicas = new ReplicaManager({ dataDir: opts.dataDir, model, log: log.child({ component: 'replication' }), settings: opts.replication });
    attachReplicaManager(model, replicas);
    const fetchers = new FetcherManager(replicas, model, log.child({ component: 'fetcher' }));
    data = { replicas, fetchers };
    const settings: BrokerSettings = { defaultNumPartitions: 1, defaultReplicationFactor: 1, placementRng: Math.random };
    const registry = adminApiRegistry();
    const listen = async (brokerId: number, port: number): Promise<BrokerServer> => {
      const env: BrokerEnvironment = {
        brokerId,
        cluster: model,
        registry,
        settings,
        maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
        durable: () => persister.whenWritten(),
      };
      const server = await BrokerServer.listen(env, host, port, log.child({ broker: brokerId }));
      model.setEndpoint(brokerId, { host, port: server.port });
      return server;
    };
    for (const node of model.brokers()) replicas.startBroker(node.id);
    for (const [i, node] of model.brokers().entries()) {
      servers.set(node.id, await listen(node.id, opts.port ? opts.port + i : 0));
    }
    const brokers = model.brokers().map((b) => ({ id: b.id, host, port: model.endpoint(b.id)!.port, rack: b.rack }));
    const bootstrap = brokers.map((b) => `${b.host}:${b.port}`).join(',');
    await lock.setBootstrap(bootstrap);
    const timers = startTimers(replicas, log);
    fetchers.refresh();
    let stopping: Promise<void> | null = null;
    return {
      clusterId: model.clusterId,
      brokers,
      bootstrap,
      onlineBrokers: () => replicas.logs.onlineBrokers(),
      async stopBroker(brokerId) {
        const server = servers.get(brokerId);
        if (!server) return;
        servers.delete(brokerId);
        model.clearEndpoint(brokerId);
        await server.close();
        coordinator.setBrokerOnline(brokerId, false);
        replicas.stopBroker(brokerId);
        await persister.flush();
      },
      async startBroker(brokerId) {
        if (servers.has(brokerId)) return;
        const port = brokers.find((b) => b.id === brokerId)?.port;
        if (port === undefined) throw new RangeError(`the cluster has no broker ${brokerId}`);
        replicas.startBroker(brokerId);
        servers.set(brokerId, await listen(brokerId, port));
        coordinator.setBrokerOnline(brokerId, true);
        await persister.flush();
      },
      pauseReplication(brokerId, paused) {
        if (!brokers.some((b) => b.id === brokerId)) throw new RangeError(`the cluster has no broker ${brokerId}`);
        fetchers.pauseReplication(brokerId, paused);
      },
      stop() {
        stopping ??= (async () => {
          try {
            for (const t of timers) clearInterval(t);
            fetchers.stop();
            await Promise.all([...servers.values()].map((s) => s.close()));
            replicas.close();
            await coordinator.close();
            await persister.flush();
          } finally {
            await lock.release();
          }
          log.info({ clusterId: model.clusterId }, 'cluster stopped');
        })();
        return stopping;
      },
    };
  } catch (e) {
    await Promise.allSettled([...servers.values()].map((s) => s.close()));
    data?.fetchers.stop();
    data?.replicas.close();
    await groups?.close();
    await lock.release();
    throw e;
  }
}

/** The periodic work of the data half: ISR shrink checks, retention / compaction, and background flushes with checkpoints. */
function startTimers(replicas: ReplicaManager, log: Logger): NodeJS.Timeout[] {
  const { replicaLagTimeMaxMs, maintenanceIntervalMs, checkpointIntervalMs } = replicas.settings;
  const guard = (what: string, fn: () => void) => () => {
    try {
      fn();
    } catch (err) {
      log.error({ err }, `${what} failed`);
    }
  };
  const isr = setInterval(guard('ISR check', () => replicas.shrinkIsrs()), Math.max(10, Math.floor(replicaLagTimeMaxMs / 2)));
  const maintenance = setInterval(guard('log maintenance', () => replicas.runMaintenance()), Math.max(10, maintenanceIntervalMs));
  const checkpoint = setInterval(guard('log checkpoint', () => replicas.flushAndCheckpoint(checkpointIntervalMs)), Math.max(10, checkpointIntervalMs));
  for (const t of [isr, maintenance, checkpoint]) t.unref();
  return [isr, maintenance, checkpoint];
}
