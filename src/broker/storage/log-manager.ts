/**
 * All partition logs of one broker under one directory (Kafka's LogManager): `<dir>/<topic>-<partition>/`.
 * Opens existing logs at start, creates and deletes logs, and runs retention, compaction and background
 * flushing when the broker's scheduler calls `runMaintenance(now)`. No timers in here.
 */
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pino, type Logger } from 'pino';
import type { CleanerStats } from './cleaner.js';
import type { LogConfig } from './log-config.js';
import { PartitionLog } from './partition-log.js';
import type { DeletionReason } from './retention.js';

export interface TopicPartitionRef {
  readonly topic: string;
  readonly partition: number;
}

export interface LogManagerOptions {
  readonly dir: string;
  /** Broker time at open. */
  readonly now: number;
  /** Config for a topic's logs found on disk at open (and the default for new logs when none is given). */
  readonly configFor: (topic: string) => LogConfig;
  readonly logger?: Logger;
  /** Background fsync + recovery-point checkpoint of each log at least this often (default 60 s; Infinity = never). */
  readonly checkpointIntervalMs?: number;
  /** Logs compacted per maintenance pass, dirtiest first (default 1, like one Kafka cleaner thread). */
  readonly maxCleansPerRun?: number;
  readonly maxOffsetMapEntries?: number;
}

export interface MaintenanceReport {
  readonly retention: readonly { readonly topic: string; readonly partition: number; readonly deletedSegments: number; readonly reasons: readonly DeletionReason[] }[];
  readonly compaction: readonly { readonly topic: string; readonly partition: number; readonly stats: CleanerStats }[];
}

/** `<topic>-<partition>`, Kafka's directory name. */
export function partitionDirName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Parses a partition directory name; null for anything else (e.g. `-delete` leftovers). */
export function parsePartitionDirName(name: string): TopicPartitionRef | null {
  const m = /^(.+)-(\d+)$/.exec(name);
  if (!m) return null;
  return { topic: m[1], partition: Number(m[2]) };
}

const DELETE_SUFFIX = '-delete';

export class LogManager {
  readonly dir: string;
  private readonly logs = new Map<string, { ref: TopicPartitionRef; log: PartitionLog }>();
  private readonly logger: Logger;
  private readonly configFor: (topic: string) => LogConfig;
  private readonly checkpointIntervalMs: number;
  private readonly maxCleansPerRun: number;
  private readonly maxOffsetMapEntries: number | undefined;

  private constructor(options: LogManagerOptions) {
    this.dir = options.dir;
    this.logger = options.logger ?? pino({ enabled: false });
    this.configFor = options.configFor;
    this.checkpointIntervalMs = options.checkpointIntervalMs ?? 60_000;
    this.maxCleansPerRun = options.maxCleansPerRun ?? 1;
    this.maxOffsetMapEntries = options.maxOffsetMapEntries;
  }

  /** Opens every partition log under `options.dir` (recovering them as needed) and removes half-deleted ones. */
  static open(options: LogManagerOptions): LogManager {
    const mgr = new LogManager(options);
    fs.mkdirSync(mgr.dir, { recursive: true });
    for (const entry of fs.readdirSync(mgr.dir, { withFileTypes: true })) {
      if (!entry.isDirectory()) continue;
      if (entry.name.endsWith(DELETE_SUFFIX)) {
        fs.rmSync(path.join(mgr.dir, entry.name), { recursive: true, force: true });
        mgr.logger.info({ dir: entry.name }, 'removed a log deleted before the last shutdown');
        continue;
      }
      const ref = parsePartitionDirName(entry.name);
      if (ref === null) {
        mgr.logger.warn({ dir: entry.name }, 'ignoring a directory that is not a partition log');
        continue;
      }
      mgr.openLog(ref, options.configFor(ref.topic), options.now);
    }
    return mgr;
  }

  get(topic: string, partition: number): PartitionLog | undefined {
    return this.logs.get(partitionDirName(topic, partition))?.log;
  }

  getOrCreate(topic: string, partition: number, now: number, config: LogConfig = this.configFor(topic)): PartitionLog {
    return this.get(topic, partition) ?? this.openLog({ topic, partition }, config, now);
  }

  /** Every open log. */
  all(): { topic: string; partition: number; log: PartitionLog }[] {
    return [...this.logs.values()].map(({ ref, log }) => ({ topic: ref.topic, partition: ref.partition, log }));
  }

  /** Deletes one partition's log: the directory is renamed to `…-delete` first, so a crash mid-removal finishes at next open. */
  delete(topic: string, partition: number): void {
    const key = partitionDirName(topic, partition);
    const entry = this.logs.get(key);
    if (!entry) return;
    entry.log.closeWithoutMarker();
    this.logs.delete(key);
    const doomed = path.join(this.dir, `${key}.${randomUUID().replaceAll('-', '')}${DELETE_SUFFIX}`);
    fs.renameSync(entry.log.dir, doomed);
    fs.rmSync(doomed, { recursive: true, force: true });
  }

  deleteTopic(topic: string): void {
    for (const { ref } of [...this.logs.values()]) if (ref.topic === topic) this.delete(ref.topic, ref.partition);
  }

  updateTopicConfig(topic: string, config: LogConfig): void {
    for (const { ref, log } of this.logs.values()) if (ref.topic === topic) log.updateConfig(config);
  }

  /**
   * One maintenance pass: retention for every log, compaction for the dirtiest compacted logs, background flushes.
   * `highWatermarkOf` bounds deletion and cleaning to replicated data (defaults to each log's end offset).
   */
  runMaintenance(now: number, highWatermarkOf?: (topic: string, partition: number) => number | undefined): MaintenanceReport {
    const retention: MaintenanceReport['retention'][number][] = [];
    const compaction: MaintenanceReport['compaction'][number][] = [];
    const hw = (ref: TopicPartitionRef, log: PartitionLog): number => highWatermarkOf?.(ref.topic, ref.partition) ?? log.logEndOffset;
    for (const { ref, log } of this.logs.values()) {
      const r = log.runRetention(now, hw(ref, log));
      if (r.deletedSegments > 0) retention.push({ ...ref, deletedSegments: r.deletedSegments, reasons: r.reasons });
    }
    const candidates = [...this.logs.values()]
      .filter(({ log }) => log.currentConfig.cleanupPolicyCompact)
      .map(({ ref, log }) => ({ ref, log, plan: log.planCompaction(now, hw(ref, log)) }))
      .filter((c) => c.plan.shouldClean)
      .sort((a, b) => b.plan.cleanableRatio - a.plan.cleanableRatio)
      .slice(0, this.maxCleansPerRun);
    for (const { ref, log } of candidates) {
      const result = log.runCompaction(now, hw(ref, log));
      if (result?.stats) compaction.push({ ...ref, stats: result.stats });
    }
    for (const { log } of this.logs.values()) log.maybeFlush(now, this.checkpointIntervalMs);
    return { retention, compaction };
  }

  flushAll(now: number): void {
    for (const { log } of this.logs.values()) log.flush(now);
  }

  /** Clean shutdown of every log. */
  close(): void {
    for (const { log } of this.logs.values()) log.close();
    this.logs.clear();
  }

  private openLog(ref: TopicPartitionRef, config: LogConfig, now: number): PartitionLog {
    const name = partitionDirName(ref.topic, ref.partition);
    const log = PartitionLog.open({
      dir: path.join(this.dir, name),
      config,
      now,
      topicPartition: name,
      logger: this.logger.child({ topicPartition: name }),
      maxOffsetMapEntries: this.maxOffsetMapEntries,
    });
    this.logs.set(name, { ref, log });
    return log;
  }
}
