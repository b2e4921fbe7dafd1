/**
 * The replicas each broker holds on disk: one LogManager per running broker under `<dataDir>/broker-<id>/`,
 * each replica's own high watermark (a follower learns it from the leader), and the high-watermark checkpoint
 * (`replication-offset-checkpoint`, Kafka's file name) written on maintenance and on a clean stop, so a restarted
 * follower knows how far its log is known to be committed.
 *
 * `reconcile` makes the logs match the metadata: a log for every replica of a running broker, topic configs
 * pushed into the logs, and logs of deleted topics (or replicas moved away) removed.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import { topicDefaultValue } from '../configs/describe.js';
import type { ClusterModel } from '../model/cluster-model.js';
import { LOG_CONFIG_NAMES, LogManager, logConfigFromTopicConfigs, type LogConfig, type PartitionLog } from '../storage/index.js';
import { writeFileAtomic } from '../storage/checkpoint.js';

const HW_CHECKPOINT_FILE = 'replication-offset-checkpoint';

export function partitionKey(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** The effective log config of a topic as broker `brokerId` sees it (overrides, then broker defaults, then Kafka's). */
export function effectiveLogConfig(model: ClusterModel, brokerId: number, topic: string): LogConfig {
  const overrides = model.configs({ kind: 'topic', name: topic });
  const values: Record<string, string> = {};
  for (const name of LOG_CONFIG_NAMES) {
    const v = overrides.get(name) ?? topicDefaultValue(model, brokerId, name);
    if (v !== null) values[name] = v;
  }
  return logConfigFromTopicConfigs(values);
}

export interface ReplicaLogsOptions {
  readonly dataDir: string;
  readonly model: ClusterModel;
  readonly log: Logger;
  readonly now: () => number;
  readonly checkpointIntervalMs?: number;
}

interface BrokerLogs {
  readonly manager: LogManager;
  /** This broker's high watermark per partition key (the leader's own HW lives in the leader state). */
  readonly highWatermarks: Map<string, number>;
}

export class ReplicaLogs {
  private readonly brokers = new Map<number, BrokerLogs>();
  private readonly configCache = new Map<string, { key: string; config: LogConfig }>();

  constructor(private readonly opts: ReplicaLogsOptions) {}

  brokerDir(brokerId: number): string {
    return path.join(this.opts.dataDir, `broker-${brokerId}`);
  }

  isOnline(brokerId: number): boolean {
    return this.brokers.has(brokerId);
  }

  onlineBrokers(): number[] {
    return [...this.brokers.keys()].sort((a, b) => a - b);
  }

  /** Opens a broker's logs (recovering them after a crash). */
  open(brokerId: number): void {
    if (this.brokers.has(brokerId)) return;
    const { model } = this.opts;
    const dir = this.brokerDir(brokerId);
    const manager = LogManager.open({
      dir,
      now: this.opts.now(),
      configFor: (topic) => (model.topic(topic) ? effectiveLogConfig(model, brokerId, topic) : logConfigFromTopicConfigs({})),
      logger: this.opts.log.child({ broker: brokerId, component: 'logs' }),
      checkpointIntervalMs: this.opts.checkpointIntervalMs,
    });
    this.brokers.set(brokerId, { manager, highWatermarks: readHwCheckpoint(dir) });
    this.reconcileBroker(brokerId);
  }

  /** Checkpoints high watermarks and closes a broker's logs cleanly. */
  close(brokerId: number): void {
    const b = this.brokers.get(brokerId);
    if (!b) return;
    this.checkpoint(brokerId);
    b.manager.close();
    this.brokers.delete(brokerId);
  }

  closeAll(): void {
    for (const id of [...this.brokers.keys()]) this.close(id);
  }

  log(brokerId: number, topic: string, partition: number): PartitionLog | undefined {
    return this.brokers.get(brokerId)?.manager.get(topic, partition);
  }

  manager(brokerId: number): LogManager | undefined {
    return this.brokers.get(brokerId)?.manager;
  }

  /** This replica's high watermark (0 when never known). */
  highWatermark(brokerId: number, topic: string, partition: number): number {
    return this.brokers.get(brokerId)?.highWatermarks.get(partitionKey(topic, partition)) ?? 0;
  }

  setHighWatermark(brokerId: number, topic: string, partition: number, hw: number): void {
    this.brokers.get(brokerId)?.highWatermarks.set(partitionKey(topic, partition), hw);
  }

  checkpoint(brokerId: number): void {
    const b = this.brokers.get(brokerId);
    if (!b) return;
    const entries = Object.fromEntries([...b.highWatermarks.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0)));
    writeFileAtomic(this.brokerDir(brokerId), HW_CHECKPOINT_FILE, `${JSON.stringify(entries)}\n`);
  }

  /** Makes every running broker's logs match the metadata. */
  reconcile(): void {
    for (const id of this.brokers.keys()) this.reconcileBroker(id);
  }

  private reconcileBroker(brokerId: number): void {
    const b = this.brokers.get(brokerId)!;
    const { model } = this.opts;
    const wanted = new Set<string>();
    for (const topic of model.topics()) {
      const config = this.configFor(brokerId, topic.name);
      for (const p of topic.partitions) {
        if (!p.replicas.includes(brokerId)) continue;
        wanted.add(partitionKey(topic.name, p.partition));
        const existing = b.manager.get(topic.name, p.partition);
        if (!existing) b.manager.getOrCreate(topic.name, p.partition, this.opts.now(), config);
        else if (existing.currentConfig !== config) existing.updateConfig(config);
      }
    }
    for (const { topic, partition } of b.manager.all()) {
      const key = partitionKey(topic, partition);
      if (wanted.has(key)) continue;
      b.manager.delete(topic, partition);
      b.highWatermarks.delete(key);
      this.opts.log.info({ broker: brokerId, topicPartition: key }, 'deleted a replica the metadata no longer assigns to this broker');
    }
  }

  /** The same LogConfig object while the topic's effective values are unchanged (so reconcile can compare by identity). */
  private configFor(brokerId: number, topic: string): LogConfig {
    const { model } = this.opts;
    const cacheKey = `${brokerId}|${topic}`;
    const overrides = model.configs({ kind: 'topic', name: topic });
    const key = JSON.stringify([...overrides.entries()]) + JSON.stringify([...model.configs({ kind: 'broker', name: '' }).entries()]) + JSON.stringify([...model.configs({ kind: 'broker', name: String(brokerId) }).entries()]);
    const cached = this.configCache.get(cacheKey);
    if (cached && cached.key === key) return cached.config;
    const config = effectiveLogConfig(model, brokerId, topic);
    this.configCache.set(cacheKey, { key, config });
    return config;
  }
}

function readHwCheckpoint(dir: string): Map<string, number> {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(dir, HW_CHECKPOINT_FILE), 'utf8')) as Record<string, unknown>;
    return new Map(Object.entries(parsed).filter((e): e is [string, number] => Number.isSafeInteger(e[1])));
  } catch {
    return new Map();
  }
}
