/**
 * One classic consumer group's state (Kafka's GroupMetadata / MemberMetadata): members in join order, the
 * leader, the generation, the selected protocol, members with a MEMBER_ID_REQUIRED id not yet used, and the
 * members the coordinator still expects a SyncGroup from. Only data and its invariants: the rebalance logic
 * that drives it (and the timers it holds handles for) is in rebalance.ts.
 */
import { ErrorCode } from '../../protocol/errors.js';
import type { TimerHandle } from './scheduler.js';

export const GROUP_STATES = ['Empty', 'PreparingRebalance', 'CompletingRebalance', 'Stable', 'Dead'] as const;
export type GroupStateName = (typeof GROUP_STATES)[number];

/** Kafka's GroupState.validPreviousStates. */
const VALID_PREVIOUS: Readonly<Record<GroupStateName, readonly GroupStateName[]>> = {
  Dead: ['Stable', 'PreparingRebalance', 'CompletingRebalance', 'Empty', 'Dead'],
  CompletingRebalance: ['PreparingRebalance'],
  Stable: ['CompletingRebalance'],
  PreparingRebalance: ['Stable', 'CompletingRebalance', 'Empty'],
  Empty: ['PreparingRebalance'],
};

const EMPTY = Buffer.alloc(0);

export interface MemberProtocol {
  readonly name: string;
  readonly metadata: Buffer;
}

/** What a JoinGroup is answered with (all versions' fields; handlers pick theirs). */
export interface JoinOutcome {
  readonly errorCode: number;
  readonly memberId: string;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  /** Leader member id, "" when none. */
  readonly leader: string;
  /** Every member with its metadata for the selected protocol: the leader's answer only. */
  readonly members: readonly { readonly memberId: string; readonly groupInstanceId: string | null; readonly metadata: Buffer }[];
}

export interface SyncOutcome {
  readonly errorCode: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Buffer;
}

export function joinError(memberId: string, errorCode: number): JoinOutcome {
  return { errorCode, memberId, generationId: -1, protocolType: null, protocolName: null, leader: '', members: [] };
}

export function syncError(errorCode: number): SyncOutcome {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export interface MemberSettings {
  readonly clientId: string;
  readonly clientHost: string;
  readonly rebalanceTimeoutMs: number;
  readonly sessionTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly MemberProtocol[];
}

export class GroupMember {
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  readonly protocolType: string;
  protocols: readonly MemberProtocol[];
  assignment: Buffer = EMPTY;
  /** Set while the member's JoinGroup waits for the rebalance (Kafka's awaitingJoinCallback). */
  joinWaiter: ((outcome: JoinOutcome) => void) | null = null;
  /** Set while the member's SyncGroup waits for the leader's assignment. */
  syncWaiter: ((outcome: SyncOutcome) => void) | null = null;
  /** Joined, and not yet through a completed join phase (expires after the new-member timeout, not the session). */
  isNew = false;
  heartbeatTimer: TimerHandle | null = null;

  constructor(
    readonly memberId: string,
    s: MemberSettings,
  ) {
    this.clientId = s.clientId;
    this.clientHost = s.clientHost;
    this.rebalanceTimeoutMs = s.rebalanceTimeoutMs;
    this.sessionTimeoutMs = s.sessionTimeoutMs;
    this.protocolType = s.protocolType;
    this.protocols = s.protocols;
  }

  /** Static membership (group.instance.id) is not supported: always null. */
  get groupInstanceId(): string | null {
    return null;
  }

  get awaitingJoin(): boolean {
    return this.joinWaiter !== null;
  }

  get awaitingSync(): boolean {
    return this.syncWaiter !== null;
  }

  metadataFor(protocol: string): Buffer {
    const p = this.protocols.find((x) => x.name === protocol);
    if (!p) throw new Error(`member ${this.memberId} does not support protocol ${protocol}`);
    return p.metadata;
  }

  /** Same protocols, in the same order, with the same metadata. */
  matches(protocols: readonly MemberProtocol[]): boolean {
    return protocols.length === this.protocols.length &&
      protocols.every((p, i) => p.name === this.protocols[i].name && p.metadata.equals(this.protocols[i].metadata));
  }

  /** The member's most preferred protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    if (!choice) throw new Error(`member ${this.memberId} supports none of the candidate protocols`);
    return choice.name;
  }
}

export interface MemberSummary {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  readonly metadata: Buffer;
  readonly assignment: Buffer;
}

export interface GroupSummary {
  /** "" when the coordinator could not describe the group (Kafka's NoState). */
  readonly state: GroupStateName | '';
  readonly protocolType: string;
  /** The selected protocol when Stable, else "". */
  readonly protocol: string;
  readonly members: readonly MemberSummary[];
}

export type JoinTimerKind = 'initial' | 'join';

export class ClassicGroup {
  state: GroupStateName = 'Empty';
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** Set when a member joins during the first generation's initial delay (the delay is extended). */
  newMemberAdded = false;
  /** Member ids handed out with MEMBER_ID_REQUIRED, with their session timers. */
  readonly pendingMembers = new Map<string, TimerHandle>();
  readonly pendingSyncMembers = new Set<string>();
  joinTimer: { readonly kind: JoinTimerKind; readonly handle: TimerHandle } | null = null;
  syncTimer: TimerHandle | null = null;
  private readonly memberMap = new Map<string, GroupMember>();
  private readonly protocolVotes = new Map<string, number>();

  constructor(readonly groupId: string) {}

  is(state: GroupStateName): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupStateName): void {
    if (!VALID_PREVIOUS[state].includes(this.state)) {
      throw new Error(`group ${this.groupId} cannot go from ${this.state} to ${state}`);
    }
    this.state = state;
  }

  /** Kafka's canRebalance: PreparingRebalance may follow the current state. */
  canRebalance(): boolean {
    return VALID_PREVIOUS.PreparingRebalance.includes(this.state);
  }

  get size(): number {
    return this.memberMap.size;
  }

  has(memberId: string): boolean {
    return this.memberMap.has(memberId);
  }

  get(memberId: string): GroupMember {
    const m = this.memberMap.get(memberId);
    if (!m) throw new Error(`group ${this.groupId} has no member ${memberId}`);
    return m;
  }

  members(): GroupMember[] {
    return [...this.memberMap.values()];
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  add(member: GroupMember): void {
    if (this.memberMap.has(member.memberId)) throw new Error(`member ${member.memberId} is already in group ${this.groupId}`);
    if (this.memberMap.size === 0) this.protocolType = member.protocolType;
    this.memberMap.set(member.memberId, member);
    this.countVotes(member.protocols, 1);
    this.leaderId ??= member.memberId;
  }

  remove(memberId: string): void {
    const member = this.memberMap.get(memberId);
    if (member) {
      this.memberMap.delete(memberId);
      this.countVotes(member.protocols, -1);
    }
    if (this.isLeader(memberId)) this.leaderId = this.memberMap.keys().next().value ?? null;
    this.pendingSyncMembers.delete(memberId);
  }

  updateMember(member: GroupMember, protocols: readonly MemberProtocol[], rebalanceTimeoutMs: number, sessionTimeoutMs: number): void {
    this.countVotes(member.protocols, -1);
    member.protocols = protocols;
    this.countVotes(protocols, 1);
    member.rebalanceTimeoutMs = rebalanceTimeoutMs;
    member.sessionTimeoutMs = sessionTimeoutMs;
  }

  /** Kafka's supportsProtocols: an empty group takes any non-empty type and list; otherwise same type and one protocol every member supports. */
  supportsProtocols(protocolType: string, protocolNames: readonly string[]): boolean {
    if (this.is('Empty')) return protocolType !== '' && protocolNames.length > 0;
    return this.protocolType === protocolType && protocolNames.some((p) => this.protocolVotes.get(p) === this.memberMap.size);
  }

  /** Protocols every member supports. */
  candidateProtocols(): Set<string> {
    return new Set([...this.protocolVotes].filter(([, n]) => n === this.memberMap.size).map(([p]) => p));
  }

  /** Each member votes for its preferred candidate; most votes wins (ties: the earliest member's vote). */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const tally = new Map<string, number>();
    for (const m of this.memberMap.values()) {
      const v = m.vote(candidates);
      tally.set(v, (tally.get(v) ?? 0) + 1);
    }
    let best: string | null = null;
    for (const [p, n] of tally) if (best === null || n > tally.get(best)!) best = p;
    if (best === null) throw new Error(`group ${this.groupId} has no members to select a protocol`);
    return best;
  }

  /** The longest rebalance timeout of the members (Kafka waits that long for rejoins). */
  rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.memberMap.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  hasAllMembersJoined(): boolean {
    return this.members().every((m) => m.awaitingJoin) && this.pendingMembers.size === 0;
  }

  notYetRejoinedMembers(): GroupMember[] {
    return this.members().filter((m) => !m.awaitingJoin);
  }

  /** Kafka's maybeElectNewJoinedLeader: keep a rejoined leader, else pick a rejoined member; false if none rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.get(this.leaderId).awaitingJoin) return true;
    const joined = this.members().find((m) => m.awaitingJoin);
    if (!joined) return false;
    this.leaderId = joined.memberId;
    return true;
  }

  /** Next generation: CompletingRebalance with a selected protocol, or Empty without members. */
  initNextGeneration(): void {
    this.generationId += 1;
    if (this.memberMap.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance');
    } else {
      this.protocolName = null;
      this.transitionTo('Empty');
    }
  }

  /** The leader's JoinGroup member list: every member with its metadata for the selected protocol. */
  currentMemberMetadata(): JoinOutcome['members'] {
    const protocol = this.protocolName;
    if (protocol === null) throw new Error(`group ${this.groupId} has no selected protocol`);
    return this.members().map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, metadata: m.metadataFor(protocol) }));
  }

  /** The JoinGroup answer for the current generation (the leader's lists every member). */
  joinResultFor(member: GroupMember): JoinOutcome {
    return {
      errorCode: ErrorCode.NONE,
      memberId: member.memberId,
      generationId: this.generationId,
      protocolType: this.protocolType,
      protocolName: this.protocolName,
      leader: this.leaderId ?? '',
      members: this.isLeader(member.memberId) ? this.currentMemberMetadata() : [],
    };
  }

  /** Removes a member, cancelling its session timer and answering any request it still has waiting with UNKNOWN_MEMBER_ID. */
  evict(member: GroupMember): void {
    const join = member.joinWaiter;
    const sync = member.syncWaiter;
    member.joinWaiter = null;
    member.syncWaiter = null;
    member.heartbeatTimer?.cancel();
    member.heartbeatTimer = null;
    this.remove(member.memberId);
    join?.(joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    sync?.(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
  }

  /** Answers every waiting JoinGroup/SyncGroup with `errorCode`; members and state stay. */
  answerWaiters(errorCode: number): void {
    for (const m of this.memberMap.values()) {
      const join = m.joinWaiter;
      const sync = m.syncWaiter;
      m.joinWaiter = null;
      m.syncWaiter = null;
      join?.(joinError(m.memberId, errorCode));
      sync?.(syncError(errorCode));
    }
  }

  /** Cancels every timer the group holds (join/sync phases, pending members, member sessions). */
  cancelTimers(): void {
    this.joinTimer?.handle.cancel();
    this.joinTimer = null;
    this.syncTimer?.cancel();
    this.syncTimer = null;
    for (const t of this.pendingMembers.values()) t.cancel();
    for (const m of this.memberMap.values()) {
      m.heartbeatTimer?.cancel();
      m.heartbeatTimer = null;
    }
  }

  /** DescribeGroups' view: metadata and assignments only when Stable (as Kafka). */
  summary(): GroupSummary {
    const stable = this.is('Stable') && this.protocolName !== null;
    return {
      state: this.state,
      protocolType: this.protocolType ?? '',
      protocol: stable ? this.protocolName! : '',
      members: this.members().map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(this.protocolName!) : EMPTY,
        assignment: stable ? m.assignment : EMPTY,
      })),
    };
  }

  private countVotes(protocols: readonly MemberProtocol[], delta: number): void {
    for (const name of new Set(protocols.map((p) => p.name))) {
      const n = (this.protocolVotes.get(name) ?? 0) + delta;
      if (n === 0) this.protocolVotes.delete(name);
      else this.protocolVotes.set(name, n);
    }
  }
}
