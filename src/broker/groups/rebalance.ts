/**
 * The classic group protocol's rebalance (Kafka's GroupCoordinator: handleJoinGroup, handleSyncGroup,
 * handleHeartbeat, handleLeaveGroup, the DelayedJoin / InitialDelayedJoin / DelayedSync / DelayedHeartbeat
 * purgatory operations) driving a ClassicGroup. Every state change is synchronous; JoinGroup and SyncGroup
 * answers that must wait for the rebalance are promises resolved when the step completes, and timers come
 * from the injected Scheduler. Request-level checks (group id, coordinator, session timeout bounds) are the
 * coordinator's; this file starts where Kafka's `group.inLock` does.
 */
import type { Logger } from 'pino';
import { ErrorCode } from '../../protocol/errors.js';
import { ClassicGroup, GroupMember, joinError, syncError, type JoinOutcome, type MemberProtocol, type SyncOutcome } from './group.js';
import type { Scheduler } from './scheduler.js';
import type { GroupSettings } from './settings.js';

export interface JoinArgs {
  /** "" for a new member. */
  readonly memberId: string;
  /** JoinGroup v4+ (KIP-394): a new member first gets MEMBER_ID_REQUIRED and an id to rejoin with. */
  readonly requireKnownMemberId: boolean;
  readonly clientId: string;
  readonly clientHost: string;
  readonly sessionTimeoutMs: number;
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly MemberProtocol[];
}

export interface SyncArgs {
  readonly memberId: string;
  readonly generationId: number;
  /** v5+; null = not checked. */
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  /** Leader only: member id → assignment. */
  readonly assignments: ReadonlyMap<string, Buffer>;
}

export interface RebalanceDeps {
  readonly scheduler: Scheduler;
  readonly settings: GroupSettings;
  readonly log: Logger;
  /** A new member id for a client (Kafka: `${clientId}-${UUID}`). */
  readonly newMemberId: (clientId: string) => string;
  /** Persists the group's new generation (Kafka's storeGroup); SyncGroup answers wait for it. */
  readonly storeGroup: (group: ClassicGroup) => Promise<void>;
}

type Answer<T> = T | Promise<T>;

export class Rebalancer {
  constructor(private readonly deps: RebalanceDeps) {}

  // ---- JoinGroup -------------------------------------------------------------------------------------

  join(group: ClassicGroup, a: JoinArgs): Answer<JoinOutcome> {
    const answer = a.memberId === '' ? this.joinNewMember(group, a) : this.joinCurrentMember(group, a);
    if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
    return answer;
  }

  private joinNewMember(group: ClassicGroup, a: JoinArgs): Answer<JoinOutcome> {
    if (group.is('Dead')) return joinError('', ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!group.supportsProtocols(a.protocolType, a.protocols.map((p) => p.name))) return joinError('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const memberId = this.deps.newMemberId(a.clientId);
    if (a.requireKnownMemberId) {
      const timer = this.deps.scheduler.schedule(a.sessionTimeoutMs, () => this.expirePendingMember(group, memberId));
      group.pendingMembers.set(memberId, timer);
      this.deps.log.debug({ group: group.groupId, memberId, state: group.state }, 'new member must rejoin with its member id');
      return joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED);
    }
    return this.addMemberAndRebalance(group, memberId, a);
  }

  private joinCurrentMember(group: ClassicGroup, a: JoinArgs): Answer<JoinOutcome> {
    const { memberId } = a;
    if (group.is('Dead')) return joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!group.supportsProtocols(a.protocolType, a.protocols.map((p) => p.name))) return joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const pending = group.pendingMembers.get(memberId);
    if (pending) {
      pending.cancel();
      group.pendingMembers.delete(memberId);
      return this.addMemberAndRebalance(group, memberId, a);
    }
    if (!group.has(memberId)) return joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    const member = group.get(memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, a, 'member joining during PreparingRebalance');
      case 'CompletingRebalance':
        // Same metadata: it missed its JoinGroup answer; give it the current generation again.
        if (member.matches(a.protocols)) return group.joinResultFor(member);
        return this.updateMemberAndRebalance(group, member, a, 'member metadata changed during CompletingRebalance');
      case 'Stable':
        // The leader rejoining forces a rebalance (assignment inputs such as topic metadata may have changed).
        if (group.isLeader(memberId)) return this.updateMemberAndRebalance(group, member, a, 'leader rejoining');
        if (!member.matches(a.protocols)) return this.updateMemberAndRebalance(group, member, a, 'member metadata changed');
        return { ...group.joinResultFor(member), members: [] };
      case 'Empty':
      case 'Dead':
        return joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID);
    }
  }

  private addMemberAndRebalance(group: ClassicGroup, memberId: string, a: JoinArgs): Promise<JoinOutcome> {
    const member = new GroupMember(memberId, a);
    member.isNew = true;
    if (group.is('PreparingRebalance') && group.generationId === 0) group.newMemberAdded = true;
    group.add(member);
    const answer = this.awaitJoin(member);
    // New members cannot heartbeat yet; their JoinGroup may wait at most the new-member timeout.
    this.scheduleHeartbeat(group, member, this.deps.settings.newMemberJoinTimeoutMs);
    this.maybePrepareRebalance(group, `new member ${memberId} joined`);
    return answer;
  }

  private updateMemberAndRebalance(group: ClassicGroup, member: GroupMember, a: JoinArgs, reason: string): Promise<JoinOutcome> {
    group.updateMember(member, a.protocols, a.rebalanceTimeoutMs, a.sessionTimeoutMs);
    member.clientId = a.clientId;
    member.clientHost = a.clientHost;
    const answer = this.awaitJoin(member);
    this.maybePrepareRebalance(group, `${reason} (member ${member.memberId})`);
    return answer;
  }

  /** A member's new JoinGroup replaces a pending one (Kafka overwrites the callback); the old request gets REBALANCE_IN_PROGRESS. */
  private awaitJoin(member: GroupMember): Promise<JoinOutcome> {
    member.joinWaiter?.(joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    return new Promise((resolve) => {
      member.joinWaiter = resolve;
    });
  }

  private maybePrepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.canRebalance()) this.prepareRebalance(group, reason);
  }

  private prepareRebalance(group: ClassicGroup, reason: string): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    group.syncTimer?.cancel();
    group.syncTimer = null;
    const initial = group.is('Empty');
    const rebalanceTimeoutMs = group.rebalanceTimeoutMs();
    group.transitionTo('PreparingRebalance');
    this.deps.log.info({ group: group.groupId, generation: group.generationId, reason }, 'preparing to rebalance group');
    if (initial) {
      const delay = this.deps.settings.initialRebalanceDelayMs;
      this.scheduleInitialJoin(group, delay, Math.max(rebalanceTimeoutMs - delay, 0));
    } else {
      this.scheduleJoin(group, rebalanceTimeoutMs);
      this.tryCompleteJoin(group);
    }
  }

  /** Kafka's InitialDelayedJoin: wait the initial delay, again while new members keep arriving, up to the rebalance timeout. */
  private scheduleInitialJoin(group: ClassicGroup, delayMs: number, remainingMs: number): void {
    group.joinTimer?.handle.cancel();
    const handle = this.deps.scheduler.schedule(delayMs, () => {
      group.joinTimer = null;
      if (group.newMemberAdded && remainingMs !== 0) {
        group.newMemberAdded = false;
        const delay = Math.min(this.deps.settings.initialRebalanceDelayMs, remainingMs);
        this.scheduleInitialJoin(group, delay, Math.max(remainingMs - delay, 0));
      } else {
        this.completeJoin(group);
      }
    });
    group.joinTimer = { kind: 'initial', handle };
  }

  /** Kafka's DelayedJoin: completes when every member has rejoined, or when the rebalance timeout passes. */
  private scheduleJoin(group: ClassicGroup, timeoutMs: number): void {
    group.joinTimer?.handle.cancel();
    const handle = this.deps.scheduler.schedule(timeoutMs, () => {
      group.joinTimer = null;
      this.completeJoin(group);
    });
    group.joinTimer = { kind: 'join', handle };
  }

  private tryCompleteJoin(group: ClassicGroup): void {
    if (group.joinTimer?.kind !== 'join' || !group.hasAllMembersJoined()) return;
    group.joinTimer.handle.cancel();
    group.joinTimer = null;
    this.completeJoin(group);
  }

  /** Kafka's onCompleteJoin. */
  private completeJoin(group: ClassicGroup): void {
    const gone = group.notYetRejoinedMembers();
    if (gone.length > 0) {
      this.deps.log.info({ group: group.groupId, members: gone.map((m) => m.memberId) }, 'removing members that did not rejoin');
      for (const m of gone) group.evict(m);
    }
    if (group.is('Dead')) return;
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      this.deps.log.error({ group: group.groupId }, 'could not complete rebalance because no members rejoined');
      this.scheduleJoin(group, group.rebalanceTimeoutMs());
      return;
    }
    group.initNextGeneration();
    if (group.is('Empty')) {
      this.deps.log.info({ group: group.groupId, generation: group.generationId }, 'group is now empty');
      this.deps.storeGroup(group).catch((err: unknown) => {
        this.deps.log.error({ err, group: group.groupId }, 'storing the empty group failed');
      });
      return;
    }
    this.deps.log.info({ group: group.groupId, generation: group.generationId, members: group.size, protocol: group.protocolName },
      'stabilized group');
    for (const member of group.members()) {
      const answer = group.joinResultFor(member);
      const waiter = member.joinWaiter;
      member.joinWaiter = null;
      waiter?.(answer);
      this.scheduleHeartbeat(group, member);
      member.isNew = false;
      group.pendingSyncMembers.add(member.memberId);
    }
    this.schedulePendingSync(group);
  }

  // ---- SyncGroup -------------------------------------------------------------------------------------

  sync(group: ClassicGroup, a: SyncArgs): Answer<SyncOutcome> {
    if (group.is('Dead')) return syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    if (!group.has(a.memberId)) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    if (a.generationId !== group.generationId) return syncError(ErrorCode.ILLEGAL_GENERATION);
    if (a.protocolType !== null && group.protocolType !== a.protocolType) return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    if (a.protocolName !== null && group.protocolName !== a.protocolName) return syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const member = group.get(a.memberId);
    switch (group.state) {
      case 'Empty':
        return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
      case 'PreparingRebalance':
        return syncError(ErrorCode.REBALANCE_IN_PROGRESS);
      case 'CompletingRebalance': {
        member.syncWaiter?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
        const answer = new Promise<SyncOutcome>((resolve) => {
          member.syncWaiter = resolve;
        });
        this.removePendingSyncMember(group, a.memberId);
        if (group.isLeader(a.memberId)) this.acceptLeaderAssignment(group, a.assignments);
        return answer;
      }
      case 'Stable':
        this.removePendingSyncMember(group, a.memberId);
        this.scheduleHeartbeat(group, member);
        return { errorCode: ErrorCode.NONE, protocolType: group.protocolType, protocolName: group.protocolName, assignment: member.assignment };
      case 'Dead':
        return syncError(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
  }

  private acceptLeaderAssignment(group: ClassicGroup, given: ReadonlyMap<string, Buffer>): void {
    const generation = group.generationId;
    const missing = group.members().filter((m) => !given.has(m.memberId)).map((m) => m.memberId);
    if (missing.length > 0) this.deps.log.warn({ group: group.groupId, generation, members: missing }, 'empty assignments for members the leader left out');
    const assignment = new Map(group.members().map((m) => [m.memberId, given.get(m.memberId) ?? Buffer.alloc(0)]));
    const current = () => group.is('CompletingRebalance') && group.generationId === generation;
    this.deps.storeGroup(group).then(
      () => {
        if (!current()) return;
        for (const m of group.members()) m.assignment = assignment.get(m.memberId) ?? Buffer.alloc(0);
        this.propagateAssignment(group, ErrorCode.NONE);
        group.transitionTo('Stable');
      },
      (err: unknown) => {
        this.deps.log.error({ err, group: group.groupId, generation }, 'storing the group assignment failed');
        if (!current()) return;
        // Kafka maps a storage failure on the coordinator to NOT_COORDINATOR: members look for it again.
        this.resetAndPropagateAssignmentError(group, ErrorCode.NOT_COORDINATOR);
        this.maybePrepareRebalance(group, 'storing the group assignment failed');
      },
    );
  }

  private resetAndPropagateAssignmentError(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members()) m.assignment = Buffer.alloc(0);
    this.propagateAssignment(group, errorCode);
  }

  private propagateAssignment(group: ClassicGroup, errorCode: number): void {
    for (const m of group.members()) {
      const waiter = m.syncWaiter;
      if (!waiter) continue;
      m.syncWaiter = null;
      waiter({ errorCode, protocolType: group.protocolType, protocolName: group.protocolName, assignment: m.assignment });
      // Expirations were ignored while it waited; expect heartbeats again from now.
      this.scheduleHeartbeat(group, m);
    }
  }

  private schedulePendingSync(group: ClassicGroup): void {
    group.syncTimer?.cancel();
    const generation = group.generationId;
    group.syncTimer = this.deps.scheduler.schedule(group.rebalanceTimeoutMs(), () => {
      group.syncTimer = null;
      if (generation !== group.generationId || !(group.is('CompletingRebalance') || group.is('Stable'))) return;
      const late = [...group.pendingSyncMembers];
      if (late.length === 0) return;
      this.deps.log.info({ group: group.groupId, members: late }, 'removing members that did not send SyncGroup');
      for (const id of late) if (group.has(id)) group.evict(group.get(id));
      this.prepareRebalance(group, 'members did not send SyncGroup in time');
    });
  }

  private removePendingSyncMember(group: ClassicGroup, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) {
      group.syncTimer?.cancel();
      group.syncTimer = null;
    }
  }

  // ---- Heartbeat, LeaveGroup, expiry -------------------------------------------------------------------

  heartbeat(group: ClassicGroup, memberId: string, generationId: number): number {
    if (group.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    switch (group.state) {
      case 'Empty':
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case 'CompletingRebalance':
      case 'Stable':
        this.scheduleHeartbeat(group, group.get(memberId));
        return ErrorCode.NONE;
      case 'PreparingRebalance':
        this.scheduleHeartbeat(group, group.get(memberId));
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case 'Dead':
        return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
  }

  /** An accepted offset commit counts as a heartbeat (Stable and PreparingRebalance). */
  touch(group: ClassicGroup, memberId: string): void {
    if (group.has(memberId)) this.scheduleHeartbeat(group, group.get(memberId));
  }

  /** One leaving member (by member id; static members are not supported): its error code. */
  leave(group: ClassicGroup, memberId: string): number {
    if (memberId === '') return ErrorCode.UNKNOWN_MEMBER_ID;
    if (group.pendingMembers.has(memberId)) {
      this.removePendingMember(group, memberId);
      return ErrorCode.NONE;
    }
    if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    this.removeMemberAndUpdateGroup(group, group.get(memberId), 'member left the group');
    return ErrorCode.NONE;
  }

  private scheduleHeartbeat(group: ClassicGroup, member: GroupMember, timeoutMs = member.sessionTimeoutMs): void {
    member.heartbeatTimer?.cancel();
    member.heartbeatTimer = this.deps.scheduler.schedule(timeoutMs, () => {
      member.heartbeatTimer = null;
      if (group.has(member.memberId) && group.get(member.memberId) === member) this.expireHeartbeat(group, member);
    });
  }

  /** Kafka's onExpireHeartbeat: members waiting in JoinGroup/SyncGroup are spared, except new ones. */
  private expireHeartbeat(group: ClassicGroup, member: GroupMember): void {
    if (!member.isNew && (member.awaitingJoin || member.awaitingSync)) return;
    this.deps.log.info({ group: group.groupId, memberId: member.memberId }, 'member session expired; removing it from the group');
    this.removeMemberAndUpdateGroup(group, member, 'session timeout expired');
  }

  private expirePendingMember(group: ClassicGroup, memberId: string): void {
    if (!group.pendingMembers.has(memberId)) return;
    this.deps.log.info({ group: group.groupId, memberId }, 'pending member did not rejoin in its session timeout');
    this.removePendingMember(group, memberId);
  }

  private removePendingMember(group: ClassicGroup, memberId: string): void {
    group.pendingMembers.get(memberId)?.cancel();
    group.pendingMembers.delete(memberId);
    if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  private removeMemberAndUpdateGroup(group: ClassicGroup, member: GroupMember, reason: string): void {
    group.evict(member);
    switch (group.state) {
      case 'Stable':
      case 'CompletingRebalance':
        this.maybePrepareRebalance(group, `${reason} (member ${member.memberId})`);
        break;
      case 'PreparingRebalance':
        this.tryCompleteJoin(group);
        break;
      case 'Empty':
      case 'Dead':
        break;
    }
  }
}
