/**
 * The built-in cluster's group coordinator: one per cluster, shared by its brokers. It answers for a group only
 * on the broker that coordinates it (placement.ts; others get NOT_COORDINATOR), keeps the classic groups
 * (group.ts, driven by rebalance.ts), and the committed offsets and generations (offset-store.ts). Inputs are
 * version-neutral; the API handlers in src/broker/api translate requests and responses.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ErrorCode } from '../../protocol/errors.js';
import { ClassicGroup, joinError, syncError, type GroupStateName, type GroupSummary, type JoinOutcome, type SyncOutcome } from './group.js';
import { offsetCommitError, type CommitIdentity } from './offset-commit.js';
import type { CommittedOffset, OffsetEntry } from './offset-log.js';
import { OffsetStore } from './offset-store.js';
import { coordinatorBrokerFor } from './placement.js';
import { Rebalancer, type JoinArgs, type SyncArgs } from './rebalance.js';
import { RealScheduler, type Scheduler } from './scheduler.js';
import { groupSettings, type GroupSettings } from './settings.js';

export interface GroupCoordinatorOptions {
  readonly dataDir: string;
  readonly log: Logger;
  readonly settings?: Partial<GroupSettings>;
  /** Every broker id of the cluster; those marked offline (setBrokerOnline) are left out of coordinator placement. */
  readonly brokerIds: () => readonly number[];
  /** Committed offsets of topics that no longer exist are dropped (Kafka's onPartitionsDeleted). */
  readonly topicExists: (topic: string) => boolean;
  readonly scheduler?: Scheduler;
  readonly newMemberId?: (clientId: string) => string;
}

export interface OffsetCommitArgs extends CommitIdentity {
  readonly groupId: string;
  readonly offsets: readonly { readonly topic: string; readonly partition: number; readonly offset: bigint;
    readonly leaderEpoch: number; readonly metadata: string | null }[];
}

export interface FetchedOffset extends CommittedOffset {
  readonly topic: string;
  readonly partition: number;
}

export interface ListedGroupInfo {
  readonly groupId: string;
  readonly protocolType: string;
  readonly state: GroupStateName;
}

/** Kafka's answer for a group it does not know: state Dead, nothing else. */
const DEAD_GROUP: GroupSummary = { state: 'Dead', protocolType: '', protocol: '', members: [] };
const NO_OFFSET: CommittedOffset = { offset: -1n, leaderEpoch: -1, metadata: '', commitTimestamp: -1 };

export class GroupCoordinator {
  readonly settings: GroupSettings;
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly offline = new Set<number>();
  private readonly rebalancer: Rebalancer;
  private readonly forgetting = new Set<string>();
  private closed = false;

  private constructor(
    private readonly opts: GroupCoordinatorOptions,
    private readonly store: OffsetStore,
    private readonly scheduler: Scheduler,
  ) {
    this.settings = groupSettings(opts.settings);
    this.rebalancer = new Rebalancer({
      scheduler,
      settings: this.settings,
      log: opts.log,
      newMemberId: opts.newMemberId ?? ((clientId) => `${clientId}-${randomUUID()}`),
      storeGroup: (g) => this.store.setMeta(g.groupId, { generationId: g.generationId, protocolType: g.protocolType, protocolName: g.protocolName }),
    });
    // Groups come back Empty, with their generation and protocol type (members are not kept across restarts).
    for (const id of store.groupIds()) {
      const group = new ClassicGroup(id);
      const meta = store.meta(id);
      group.generationId = meta?.generationId ?? 0;
      group.protocolType = meta?.protocolType ?? null;
      this.groups.set(id, group);
    }
  }

  static async open(opts: GroupCoordinatorOptions): Promise<GroupCoordinator> {
    const settings = groupSettings(opts.settings);
    const store = await OffsetStore.open(opts.dataDir, opts.log, settings.offsetLogCompactionMinRecords);
    const coordinator = new GroupCoordinator(opts, store, opts.scheduler ?? new RealScheduler());
    coordinator.forgetDeletedTopics();
    return coordinator;
  }

  // ---- placement -------------------------------------------------------------------------------------

  /** The broker that coordinates the group, or null when no broker is online. */
  coordinatorFor(groupId: string): number | null {
    const live = this.opts.brokerIds().filter((id) => !this.offline.has(id));
    return coordinatorBrokerFor(groupId, live, this.settings.offsetsTopicNumPartitions);
  }

  /**
   * Marks a broker online or offline (for the data half's broker stop/start). Groups whose coordinator moves
   * answer their waiting JoinGroup/SyncGroup requests with NOT_COORDINATOR, so members find the new one.
   */
  setBrokerOnline(brokerId: number, online: boolean): void {
    const before = new Map([...this.groups.keys()].map((id) => [id, this.coordinatorFor(id)]));
    if (online) this.offline.delete(brokerId);
    else this.offline.add(brokerId);
    for (const [id, was] of before) {
      if (this.coordinatorFor(id) !== was) this.groups.get(id)!.answerWaiters(ErrorCode.NOT_COORDINATOR);
    }
  }

  /** Kafka's validateGroupStatus: INVALID_GROUP_ID, COORDINATOR_NOT_AVAILABLE or NOT_COORDINATOR, else NONE. */
  check(brokerId: number, groupId: string, allowEmptyId: boolean): number {
    if (!allowEmptyId && groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (this.closed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const coordinator = this.coordinatorFor(groupId);
    if (coordinator === null) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return coordinator === brokerId ? ErrorCode.NONE : ErrorCode.NOT_COORDINATOR;
  }

  // ---- membership ------------------------------------------------------------------------------------

  join(brokerId: number, groupId: string, a: JoinArgs): JoinOutcome | Promise<JoinOutcome> {
    const err = this.check(brokerId, groupId, false);
    if (err !== ErrorCode.NONE) return joinError(a.memberId, err);
    if (a.sessionTimeoutMs < this.settings.minSessionTimeoutMs || a.sessionTimeoutMs > this.settings.maxSessionTimeoutMs) {
      return joinError(a.memberId, ErrorCode.INVALID_SESSION_TIMEOUT);
    }
    let group = this.groups.get(groupId);
    if (!group) {
      // A member id for a group that does not exist: the member is from a group that is gone.
      if (a.memberId !== '') return joinError(a.memberId, ErrorCode.UNKNOWN_MEMBER_ID);
      group = new ClassicGroup(groupId);
      this.groups.set(groupId, group);
    }
    return this.rebalancer.join(group, a);
  }

  sync(brokerId: number, groupId: string, a: SyncArgs): SyncOutcome | Promise<SyncOutcome> {
    const err = this.check(brokerId, groupId, false);
    if (err !== ErrorCode.NONE) return syncError(err);
    const group = this.groups.get(groupId);
    return group ? this.rebalancer.sync(group, a) : syncError(ErrorCode.UNKNOWN_MEMBER_ID);
  }

  heartbeat(brokerId: number, groupId: string, memberId: string, generationId: number): number {
    const err = this.check(brokerId, groupId, false);
    if (err !== ErrorCode.NONE) return err;
    const group = this.groups.get(groupId);
    return group ? this.rebalancer.heartbeat(group, memberId, generationId) : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** The top-level error, and one error per leaving member (in order). */
  leave(brokerId: number, groupId: string, memberIds: readonly string[]): { errorCode: number; members: number[] } {
    const err = this.check(brokerId, groupId, false);
    if (err !== ErrorCode.NONE) return { errorCode: err, members: [] };
    const group = this.groups.get(groupId);
    if (!group) return { errorCode: ErrorCode.NONE, members: memberIds.map(() => ErrorCode.UNKNOWN_MEMBER_ID) };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    return { errorCode: ErrorCode.NONE, members: memberIds.map((id) => this.rebalancer.leave(group, id)) };
  }

  // ---- administration --------------------------------------------------------------------------------

  describe(brokerId: number, groupId: string): { errorCode: number; summary: GroupSummary } {
    const err = this.check(brokerId, groupId, true);
    if (err !== ErrorCode.NONE) return { errorCode: err, summary: { ...DEAD_GROUP, state: '' } };
    const group = this.groups.get(groupId);
    return { errorCode: ErrorCode.NONE, summary: group ? group.summary() : DEAD_GROUP };
  }

  /** The groups this broker coordinates, sorted by id. */
  list(brokerId: number): ListedGroupInfo[] {
    if (this.closed) return [];
    return [...this.groups.values()]
      .filter((g) => !g.is('Dead') && this.coordinatorFor(g.groupId) === brokerId)
      .sort((a, b) => (a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** Deletes empty groups and their offsets (durably); one error code per id, in order. */
  async deleteGroups(brokerId: number, groupIds: readonly string[]): Promise<number[]> {
    const decided = groupIds.map((id): number | ClassicGroup => {
      const err = this.check(brokerId, id, true);
      if (err !== ErrorCode.NONE) return err;
      const group = this.groups.get(id);
      if (!group || group.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
      if (!group.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
      group.transitionTo('Dead');
      group.cancelTimers();
      this.groups.delete(id);
      return group;
    });
    return Promise.all(decided.map(async (d) => {
      if (typeof d === 'number') return d;
      try {
        await this.store.deleteGroup(d.groupId);
        this.opts.log.info({ group: d.groupId }, 'deleted group');
        return ErrorCode.NONE;
      } catch (err) {
        this.opts.log.error({ err, group: d.groupId }, 'deleting the group offsets failed');
        return ErrorCode.UNKNOWN_SERVER_ERROR;
      }
    }));
  }

  // ---- offsets ---------------------------------------------------------------------------------------

  /** One error code per offset, in order; resolves once the accepted offsets are on disk. */
  async commitOffsets(brokerId: number, a: OffsetCommitArgs): Promise<number[]> {
    const err = this.check(brokerId, a.groupId, true);
    const groupErr = err !== ErrorCode.NONE ? err : offsetCommitError(this.groups.get(a.groupId), a);
    if (groupErr !== ErrorCode.NONE) return a.offsets.map(() => groupErr);
    let group = this.groups.get(a.groupId);
    if (!group) {
      group = new ClassicGroup(a.groupId);
      this.groups.set(a.groupId, group);
    }
    if (a.memberId !== '' && (group.is('Stable') || group.is('PreparingRebalance'))) this.rebalancer.touch(group, a.memberId);
    const now = this.scheduler.now();
    const codes = a.offsets.map((o) =>
      o.metadata !== null && o.metadata.length > this.settings.offsetMetadataMaxBytes ? ErrorCode.OFFSET_METADATA_TOO_LARGE : ErrorCode.NONE);
    const accepted: OffsetEntry[] = a.offsets.flatMap((o, i) => codes[i] !== ErrorCode.NONE ? [] : [{
      topic: o.topic, partition: o.partition, offset: o.offset, leaderEpoch: o.leaderEpoch, metadata: o.metadata ?? '', commitTimestamp: now,
    }]);
    if (accepted.length === 0) return codes;
    try {
      await this.store.commit(a.groupId, accepted);
    } catch (e) {
      this.opts.log.error({ err: e, group: a.groupId }, 'offset commit not stored');
      // Kafka answers a failed append on the coordinator with NOT_COORDINATOR.
      return codes.map((c) => (c === ErrorCode.NONE ? ErrorCode.NOT_COORDINATOR : c));
    }
    return codes;
  }

  /**
   * Committed offsets: of the given partitions (-1 with metadata "" where none is committed), or with
   * `partitions` null every offset the group has.
   */
  fetchOffsets(brokerId: number, groupId: string, partitions: readonly { topic: string; partition: number }[] | null):
    { errorCode: number; offsets: FetchedOffset[] } {
    const err = this.check(brokerId, groupId, true);
    if (err !== ErrorCode.NONE) return { errorCode: err, offsets: [] };
    if (partitions === null) return { errorCode: ErrorCode.NONE, offsets: this.store.offsets(groupId) };
    return {
      errorCode: ErrorCode.NONE,
      offsets: partitions.map(({ topic, partition }) => ({ topic, partition, ...(this.store.offset(groupId, topic, partition) ?? NO_OFFSET) })),
    };
  }

  /** Drops committed offsets of topics that no longer exist (call after topic deletions). */
  forgetDeletedTopics(): void {
    if (this.closed) return;
    const gone = [...this.store.committedTopics()].filter((t) => !this.forgetting.has(t) && !this.opts.topicExists(t));
    if (gone.length === 0) return;
    for (const t of gone) this.forgetting.add(t);
    this.store.deleteTopics(gone).then(
      () => this.opts.log.info({ topics: gone }, 'dropped committed offsets of deleted topics'),
      (err: unknown) => this.opts.log.error({ err, topics: gone }, 'dropping committed offsets of deleted topics failed'),
    ).finally(() => {
      for (const t of gone) this.forgetting.delete(t);
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------------

  /** Answers waiting requests with NOT_COORDINATOR, cancels every timer, and closes the offset store. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const g of this.groups.values()) {
      g.answerWaiters(ErrorCode.NOT_COORDINATOR);
      g.cancelTimers();
    }
    this.scheduler.cancelAll();
    await this.store.close();
  }
}
