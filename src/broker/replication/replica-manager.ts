/**
 * The data half of the built-in cluster (Kafka's ReplicaManager, for every broker of the process): leaders append
 * produced batches and serve reads; followers replicate by fetching from leaders through the same read path
 * (follower-fetcher.ts); the leader tracks follower progress, moves the high watermark and shrinks and expands
 * the ISR in the metadata; brokers stop and start, and leadership moves as Kafka's controller moves it.
 *
 * Every state change is synchronous (one writer, no locks); only waiting (acks=all, long-poll fetches) awaits.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../protocol/errors.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { PartitionRecord } from '../model/types.js';
import { parseRecordBatches, type PartitionLog } from '../storage/index.js';
import { completeReassignmentIfReady, electPartitionLeader, reassignPartition, type ControllerView } from './controller.js';
import { onBrokerStarted, onBrokerStopped, sameMembers } from './elections.js';
import { agreedLogEnd } from './divergence.js';
import { LeaderState } from './leader-state.js';
import { Notifier } from './notifier.js';
import { ProducerState } from './producer-state.js';
import { partitionKey, ReplicaLogs } from './replica-logs.js';
import { ReplicationThrottles } from './throttle.js';
import { DEFAULT_REPLICATION_SETTINGS, PartitionError, type ReplicationSettings } from './settings.js';

export { DEFAULT_REPLICATION_SETTINGS, PartitionError, storageErrorCode, type ReplicationSettings } from './settings.js';

export interface LeaderAppendResult {
  readonly baseOffset: number;
  readonly lastOffset: number;
  readonly logAppendTime: number;
  readonly logStartOffset: number;
}

export interface LeaderRead {
  readonly records: Buffer;
  readonly highWatermark: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
}

export interface ReplicaManagerOptions {
  readonly dataDir: string;
  readonly model: ClusterModel;
  readonly log: Logger;
  readonly settings?: Partial<ReplicationSettings>;
  readonly now?: () => number;
}

export class ReplicaManager {
  readonly logs: ReplicaLogs;
  readonly notifier = new Notifier();
  readonly settings: ReplicationSettings;
  readonly now: () => number;
  readonly throttles: ReplicationThrottles;
  private readonly model: ClusterModel;
  private readonly log: Logger;
  private readonly leaders = new Map<string, LeaderState>();
  private readonly producers = new Map<string, ProducerState>();
  private readonly metadataListeners: (() => void)[] = [];

  constructor(opts: ReplicaManagerOptions) {
    this.model = opts.model;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
    this.settings = { ...DEFAULT_REPLICATION_SETTINGS, ...opts.settings };
    this.logs = new ReplicaLogs({ dataDir: opts.dataDir, model: opts.model, log: opts.log, now: this.now });
    this.throttles = new ReplicationThrottles(opts.model, this.now);
    this.model.onChange(() => this.onMetadataChange());
  }

  /** Called after every metadata change (fetchers re-read who follows whom). */
  onMetadata(listener: () => void): void {
    this.metadataListeners.push(listener);
  }

  isOnline(brokerId: number): boolean {
    return this.logs.isOnline(brokerId);
  }

  // ---- brokers coming and going -----------------------------------------------------------------------------

  startBroker(brokerId: number): void {
    if (this.isOnline(brokerId)) return;
    this.logs.open(brokerId);
    // Offline partitions it can lead get a leader; as a follower it truncates where it diverges before fetching.
    for (const topic of this.model.topics()) {
      for (const p of topic.partitions) {
        const change = onBrokerStarted(p, brokerId, (id) => this.isOnline(id), this.uncleanAllowed(topic.name));
        if (change) this.model.updatePartition(topic.name, p.partition, change);
      }
    }
    this.log.info({ broker: brokerId }, 'broker started');
    this.onMetadataChange();
  }

  stopBroker(brokerId: number): void {
    if (!this.isOnline(brokerId)) return;
    this.logs.close(brokerId);
    for (const key of [...this.producers.keys()]) if (key.startsWith(`${brokerId}|`)) this.producers.delete(key);
    for (const topic of this.model.topics()) {
      for (const p of topic.partitions) {
        const change = onBrokerStopped(p, brokerId, (id) => this.isOnline(id), this.uncleanAllowed(topic.name));
        if (change) this.model.updatePartition(topic.name, p.partition, change);
      }
    }
    this.log.info({ broker: brokerId }, 'broker stopped');
    this.onMetadataChange();
  }

  close(): void {
    this.notifier.close();
    this.logs.closeAll();
  }

  // ---- leader side ------------------------------------------------------------------------------------------

  /** The partition record when `brokerId` leads it; otherwise the error Kafka answers. */
  leaderPartition(brokerId: number, topic: string, partition: number, currentLeaderEpoch = -1): PartitionRecord {
    const t = this.model.topic(topic);
    const p = t?.partitions[partition];
    if (!t || !p) throw new PartitionError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `This server does not host this topic-partition: ${topic}-${partition}`);
    if (currentLeaderEpoch >= 0 && currentLeaderEpoch < p.leaderEpoch) throw new PartitionError(ErrorCode.FENCED_LEADER_EPOCH, `leader epoch ${currentLeaderEpoch} is older than ${p.leaderEpoch}`);
    if (p.leader !== brokerId || !this.isOnline(brokerId)) {
      if (!p.replicas.includes(brokerId) || p.leader !== -1) {
        throw new PartitionError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `broker ${brokerId} is not the leader of ${topic}-${partition} (leader: ${p.leader})`);
      }
      throw new PartitionError(ErrorCode.LEADER_NOT_AVAILABLE, `${topic}-${partition} has no leader`);
    }
    if (currentLeaderEpoch > p.leaderEpoch) throw new PartitionError(ErrorCode.UNKNOWN_LEADER_EPOCH, `leader epoch ${currentLeaderEpoch} is newer than ${p.leaderEpoch}`);
    return p;
  }

  /** Validates and appends a client's batches as leader; `requiredAcks` -1 refuses when the ISR is below min.insync.replicas. */
  appendAsLeader(brokerId: number, topic: string, partition: number, records: Buffer, requiredAcks: number): LeaderAppendResult {
    const p = this.leaderPartition(brokerId, topic, partition);
    const log = this.partitionLog(brokerId, topic, partition);
    if (requiredAcks === -1) {
      const minIsr = this.minInsyncReplicas(topic);
      if (p.isr.length < minIsr) {
        throw new PartitionError(ErrorCode.NOT_ENOUGH_REPLICAS, `The size of the current ISR [${p.isr.join(', ')}] is insufficient to satisfy the min.isr requirement of ${minIsr} for partition ${topic}-${partition}`);
      }
    }
    const producers = this.producerState(brokerId, topic, partition);
    // Headers only: the log's append validator verifies the CRC (a duplicate, never appended, is verified here).
    const { batches } = parseRecordBatches(records, { verifyCrc: false });
    if (batches.length === 1) {
      const check = producers.check(batches[0]);
      if (check.kind === 'error') throw new PartitionError(check.code, check.message);
      if (check.kind === 'duplicate') {
        parseRecordBatches(records); // CORRUPT_MESSAGE for a damaged retry, as for any batch
        return { baseOffset: check.firstOffset, lastOffset: check.lastOffset, logAppendTime: -1, logStartOffset: log.logStartOffset };
      }
    }
    const now = this.now();
    const result = log.append(records, { assignOffsets: true, now, leaderEpoch: p.leaderEpoch });
    let offset = result.baseOffset;
    for (const h of batches) {
      producers.record(h, offset);
      offset += h.lastOffsetDelta + 1;
    }
    const state = this.leaderState(brokerId, p, topic);
    if (state.advanceHighWatermark(p.isr, log.logEndOffset)) this.highWatermarkMoved(state);
    this.notifier.notify(`append:${partitionKey(topic, partition)}`);
    return { baseOffset: result.baseOffset, lastOffset: result.lastOffset, logAppendTime: result.logAppendTime, logStartOffset: result.logStartOffset };
  }

  /**
   * Resolves with NONE once every ISR member has `offset` (high watermark > offset), or with the error Kafka gives:
   * REQUEST_TIMED_OUT, NOT_LEADER_OR_FOLLOWER (leadership moved), NOT_ENOUGH_REPLICAS_AFTER_APPEND (the ISR shrank).
   */
  async awaitReplication(brokerId: number, topic: string, partition: number, offset: number, timeoutMs: number): Promise<number> {
    const deadline = this.now() + timeoutMs;
    const key = `hw:${partitionKey(topic, partition)}`;
    for (;;) {
      const p = this.model.topic(topic)?.partitions[partition];
      if (!p || p.leader !== brokerId || !this.isOnline(brokerId)) return ErrorCode.NOT_LEADER_OR_FOLLOWER;
      const state = this.leaders.get(partitionKey(topic, partition));
      if (state && state.leaderId === brokerId && state.highWatermark > offset) {
        return p.isr.length < this.minInsyncReplicas(topic) ? ErrorCode.NOT_ENOUGH_REPLICAS_AFTER_APPEND : ErrorCode.NONE;
      }
      const remaining = deadline - this.now();
      if (remaining <= 0) return ErrorCode.REQUEST_TIMED_OUT;
      await this.notifier.wait([key, 'metadata'], remaining);
    }
  }

  /**
   * One partition's read on its leader. A follower's read (`replicaId` >= 0) reads to the log end, reports its
   * progress, and may move the high watermark and bring it back into the ISR.
   */
  readAsLeader(brokerId: number, topic: string, partition: number, fetchOffset: number, maxBytes: number, replicaId: number, minOneBatch: boolean, currentLeaderEpoch = -1): LeaderRead {
    const p = this.leaderPartition(brokerId, topic, partition, currentLeaderEpoch);
    const log = this.partitionLog(brokerId, topic, partition);
    const state = this.leaderState(brokerId, p, topic);
    if (replicaId >= 0) {
      if (!p.replicas.includes(replicaId)) throw new PartitionError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `broker ${replicaId} is not a replica of ${topic}-${partition}`);
      // A stopped broker is fenced: a fetch of its that was still waiting must not count as progress (or rejoin the ISR).
      if (!this.isOnline(replicaId)) throw new PartitionError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `broker ${replicaId} is not running`);
      if (fetchOffset <= log.logEndOffset) {
        state.recordFollowerFetch(replicaId, fetchOffset, log.logEndOffset, this.now());
        this.maybeExpandIsr(state, p, replicaId, log.logEndOffset);
        const current = this.model.topic(topic)!.partitions[partition];
        if (state.advanceHighWatermark(current.isr, log.logEndOffset)) this.highWatermarkMoved(state);
      }
    }
    const read = log.read(fetchOffset, maxBytes, { highWatermark: state.highWatermark, isolation: replicaId >= 0 ? 'log-end' : 'high-watermark', minOneBatch });
    return { records: read.records, highWatermark: state.highWatermark, logStartOffset: read.logStartOffset, logEndOffset: read.logEndOffset };
  }

  /** Whether `brokerId` is in the partition's ISR (throttles never slow ISR members down). */
  inIsr(topic: string, partition: number, brokerId: number): boolean {
    return this.model.topic(topic)?.partitions[partition]?.isr.includes(brokerId) ?? false;
  }

  /** The leader's high watermark (consumers' latest offset). */
  highWatermark(brokerId: number, topic: string, partition: number): number {
    const p = this.leaderPartition(brokerId, topic, partition);
    return this.leaderState(brokerId, p, topic).highWatermark;
  }

  /** The partition's high watermark as its leader knows it (the leader's replica HW; 0 when leaderless). */
  partitionHighWatermark(topic: string, partition: number): number {
    const p = this.model.topic(topic)?.partitions[partition];
    if (!p || p.leader === -1) return 0;
    const state = this.leaders.get(partitionKey(topic, partition));
    return state && state.leaderId === p.leader ? state.highWatermark : this.logs.highWatermark(p.leader, topic, partition);
  }

  /** The log of a replica `brokerId` holds (leader or follower). */
  partitionLog(brokerId: number, topic: string, partition: number): PartitionLog {
    const log = this.logs.log(brokerId, topic, partition);
    if (!log) throw new PartitionError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `broker ${brokerId} holds no replica of ${topic}-${partition}`);
    return log;
  }

  /** Every ISR member that has not caught up within replica.lag.time.max.ms leaves the ISR. */
  shrinkIsrs(): void {
    const now = this.now();
    for (const topic of this.model.topics()) {
      for (const p of topic.partitions) {
        if (p.leader === -1 || !this.isOnline(p.leader)) continue;
        const state = this.leaders.get(partitionKey(topic.name, p.partition));
        const log = this.logs.log(p.leader, topic.name, p.partition);
        if (!state || state.leaderId !== p.leader || !log) continue;
        const lagging = state.laggingFollowers(p.isr, log.logEndOffset, now, this.settings.replicaLagTimeMaxMs);
        if (lagging.length === 0) continue;
        const isr = p.isr.filter((id) => !lagging.includes(id));
        this.log.info({ topicPartition: partitionKey(topic.name, p.partition), removed: lagging, isr }, 'shrinking ISR');
        this.model.updatePartition(topic.name, p.partition, { isr });
        if (state.advanceHighWatermark(isr, log.logEndOffset)) this.highWatermarkMoved(state);
      }
    }
  }

  /** Background fsync of logs with unflushed data (recovery points move) and high-watermark checkpoints, every broker. */
  flushAndCheckpoint(intervalMs: number): void {
    const now = this.now();
    for (const id of this.logs.onlineBrokers()) {
      for (const { log } of this.logs.manager(id)?.all() ?? []) log.maybeFlush(now, intervalMs);
      this.logs.checkpoint(id);
    }
  }

  /** Retention, compaction and flushes on every running broker (bounded by each replica's high watermark), then HW checkpoints. */
  runMaintenance(): void {
    const now = this.now();
    for (const id of this.logs.onlineBrokers()) {
      this.logs.manager(id)?.runMaintenance(now, (topic, partition) => this.logs.highWatermark(id, topic, partition));
      this.logs.checkpoint(id);
    }
  }

  // ---- reassignment and elections (the controller's side: controller.ts) -------------------------------------

  /** Starts (target replica list) or cancels (null) a reassignment of one partition; the caller validated it. */
  reassign(topic: string, partition: number, target: readonly number[] | null): void {
    reassignPartition(this.controllerView(), topic, partition, target);
  }

  /** ElectLeaders for one partition (PREFERRED 0, UNCLEAN 1); returns Kafka's error code. */
  electLeader(topic: string, partition: number, electionType: number): number {
    return electPartitionLeader(this.controllerView(), topic, partition, electionType);
  }

  // ---- follower side ----------------------------------------------------------------------------------------

  /** Appends what the leader served to `followerId`'s replica; keeps its high watermark and log start in step. */
  appendAsFollower(followerId: number, topic: string, partition: number, records: Buffer, leaderHw: number, leaderLogStart: number): void {
    const log = this.logs.log(followerId, topic, partition);
    if (!log) return;
    const now = this.now();
    if (records.length > 0) {
      const before = log.logEndOffset;
      const result = log.append(records, { assignOffsets: false, now });
      if (result.baseOffset >= 0) {
        const producers = this.producerState(followerId, topic, partition);
        for (const h of parseRecordBatches(records, { allowPartialTail: true, verifyCrc: false }).batches) if (h.baseOffset >= before) producers.record(h, h.baseOffset);
      }
    }
    if (leaderLogStart > log.logStartOffset && leaderLogStart <= log.logEndOffset) log.deleteRecordsBefore(leaderLogStart, log.logEndOffset);
    this.logs.setHighWatermark(followerId, topic, partition, Math.min(leaderHw, log.logEndOffset));
  }

  /** A follower whose fetch offset the leader refused as out of range restarts its log where the leader's is. */
  resetFollower(followerId: number, topic: string, partition: number, leaderLogStart: number, leaderLeo: number): void {
    const log = this.logs.log(followerId, topic, partition);
    if (!log) return;
    this.producerState(followerId, topic, partition).clear();
    if (log.logEndOffset > leaderLeo) log.truncateTo(leaderLeo, this.now());
    else log.truncateFullyAndStartAt(leaderLogStart, this.now());
  }

  /**
   * Before `followerId` fetches from `leaderId`: cut its log back to where it agrees with the leader's (divergence.ts),
   * keeping every record the leader also has.
   */
  truncateToLeader(followerId: number, leaderId: number, topic: string, partition: number): void {
    const log = this.logs.log(followerId, topic, partition);
    const leaderLog = this.logs.log(leaderId, topic, partition);
    if (!log || !leaderLog) return;
    const end = agreedLogEnd(log, leaderLog);
    if (end >= log.logEndOffset) return;
    this.log.info({ broker: followerId, topicPartition: partitionKey(topic, partition), from: log.logEndOffset, to: end, leader: leaderId }, 'truncating a diverged follower log');
    if (end < log.logStartOffset) log.truncateFullyAndStartAt(leaderLog.logStartOffset, this.now());
    else log.truncateTo(end, this.now());
    this.producerState(followerId, topic, partition).clear();
  }

  // ---- internals --------------------------------------------------------------------------------------------

  private leaderState(brokerId: number, p: PartitionRecord, topic: string): LeaderState {
    const key = partitionKey(topic, p.partition);
    const existing = this.leaders.get(key);
    if (existing && existing.leaderId === brokerId && existing.leaderEpoch === p.leaderEpoch) return existing;
    const log = this.partitionLog(brokerId, topic, p.partition);
    const hw = Math.min(Math.max(existing?.leaderId === brokerId ? existing.highWatermark : this.logs.highWatermark(brokerId, topic, p.partition), log.logStartOffset), log.logEndOffset);
    const state = new LeaderState(topic, p.partition, brokerId, p.leaderEpoch, hw, this.now(), p.replicas);
    this.leaders.set(key, state);
    if (state.advanceHighWatermark(p.isr, log.logEndOffset)) this.highWatermarkMoved(state);
    return state;
  }

  private highWatermarkMoved(state: LeaderState): void {
    this.logs.setHighWatermark(state.leaderId, state.topic, state.partition, state.highWatermark);
    this.notifier.notify(`hw:${partitionKey(state.topic, state.partition)}`);
    this.notifier.notify(`append:${partitionKey(state.topic, state.partition)}`);
  }

  private maybeExpandIsr(state: LeaderState, p: PartitionRecord, followerId: number, leaderLeo: number): void {
    if (p.isr.includes(followerId) || !state.canJoinIsr(followerId, leaderLeo)) return;
    const isr = p.replicas.filter((r) => r === followerId || p.isr.includes(r));
    if (sameMembers(isr, p.isr)) return;
    this.log.info({ topicPartition: partitionKey(state.topic, state.partition), added: followerId, isr }, 'expanding ISR');
    this.model.updatePartition(state.topic, state.partition, { isr });
    completeReassignmentIfReady(this.controllerView(), state.topic, state.partition);
  }

  private producerState(brokerId: number, topic: string, partition: number): ProducerState {
    const key = `${brokerId}|${partitionKey(topic, partition)}`;
    let s = this.producers.get(key);
    if (!s) this.producers.set(key, (s = new ProducerState(partitionKey(topic, partition))));
    return s;
  }

  private controllerView(): ControllerView {
    return { model: this.model, log: this.log, online: (id) => this.isOnline(id) };
  }

  private minInsyncReplicas(topic: string): number {
    const v = this.model.configs({ kind: 'topic', name: topic }).get('min.insync.replicas') ?? this.brokerDefault('min.insync.replicas') ?? '1';
    return Number(v);
  }

  private uncleanAllowed(topic: string): boolean {
    const v = this.model.configs({ kind: 'topic', name: topic }).get('unclean.leader.election.enable') ?? this.brokerDefault('unclean.leader.election.enable') ?? 'false';
    return v.trim().toLowerCase() === 'true';
  }

  private brokerDefault(name: string): string | undefined {
    return this.model.configs({ kind: 'broker', name: '' }).get(name);
  }

  private onMetadataChange(): void {
    this.logs.reconcile();
    for (const [key, state] of [...this.leaders.entries()]) {
      const p = this.model.topic(state.topic)?.partitions[state.partition];
      if (!p || p.leader !== state.leaderId || p.leaderEpoch !== state.leaderEpoch) this.leaders.delete(key);
    }
    // Producer state of replicas whose log is gone (topic deleted, replica moved away) goes with it.
    for (const key of [...this.producers.keys()]) {
      const [broker, tp] = [Number(key.slice(0, key.indexOf('|'))), key.slice(key.indexOf('|') + 1)];
      const dash = tp.lastIndexOf('-');
      if (!this.logs.log(broker, tp.slice(0, dash), Number(tp.slice(dash + 1)))) this.producers.delete(key);
    }
    this.notifier.notify('metadata');
    for (const l of this.metadataListeners) l();
  }
}
