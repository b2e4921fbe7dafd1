import { beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { silentLogger } from '../testing/harness.js';
import { ClassicGroup, type JoinOutcome, type MemberProtocol, type SyncOutcome } from './group.js';
import { Rebalancer, type JoinArgs } from './rebalance.js';
import { groupSettings } from './settings.js';
import { FakeScheduler } from './testing.js';

/** Settles a possibly-pending answer so the test can look at it synchronously after `settle()`. */
interface Tracked<T> {
  value: T | undefined;
}
function track<T>(answer: T | Promise<T>): Tracked<T> {
  const t: Tracked<T> = { value: undefined };
  void Promise.resolve(answer).then((v) => {
    t.value = v;
  });
  return t;
}
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

const proto = (name: string, meta = name): MemberProtocol => ({ name, metadata: Buffer.from(meta) });

let clock: FakeScheduler;
let stored: number[];
let storeFails: boolean;
let r: Rebalancer;
let g: ClassicGroup;
let ids: number;

beforeEach(() => {
  clock = new FakeScheduler();
  stored = [];
  storeFails = false;
  ids = 0;
  r = new Rebalancer({
    scheduler: clock,
    settings: groupSettings({ initialRebalanceDelayMs: 100 }),
    log: silentLogger,
    newMemberId: (clientId) => `${clientId}-${++ids}`,
    storeGroup: (group) => {
      if (storeFails) return Promise.reject(new Error('disk full'));
      stored.push(group.generationId);
      return Promise.resolve();
    },
  });
  g = new ClassicGroup('g');
});

function args(over: Partial<JoinArgs> = {}): JoinArgs {
  return {
    memberId: '',
    requireKnownMemberId: false,
    clientId: 'c',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 60_000,
    protocolType: 'consumer',
    protocols: [proto('range')],
    ...over,
  };
}

/** Two members through a first generation; returns their ids (leader first). */
async function stableGroupOfTwo(): Promise<[string, string]> {
  const a = track(r.join(g, args({ clientId: 'a' })));
  const b = track(r.join(g, args({ clientId: 'b' })));
  clock.advance(200); // the second member extends the initial delay once
  await settle();
  const leader = a.value!.memberId;
  const follower = b.value!.memberId;
  const fs = track(r.sync(g, { memberId: follower, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() }));
  const ls = track(r.sync(g, { memberId: leader, generationId: 1, protocolType: null, protocolName: null,
    assignments: new Map([[leader, Buffer.from('A')], [follower, Buffer.from('B')]]) }));
  await settle();
  expect(ls.value!.assignment.toString()).toBe('A');
  expect(fs.value!.assignment.toString()).toBe('B');
  expect(g.state).toBe('Stable');
  return [leader, follower];
}

describe('join phase', () => {
  it('forms the first generation after the initial delay; the leader gets every member', async () => {
    const a = track(r.join(g, args({ clientId: 'a', protocols: [proto('range', 'ma')] })));
    const b = track(r.join(g, args({ clientId: 'b', protocols: [proto('range', 'mb')] })));
    await settle();
    expect(a.value).toBeUndefined();
    expect(g.state).toBe('PreparingRebalance');
    // b joined during the delay: it is extended once more (Kafka's InitialDelayedJoin).
    clock.advance(199);
    await settle();
    expect(a.value).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(g.state).toBe('CompletingRebalance');
    expect(a.value).toMatchObject({ errorCode: 0, memberId: 'a-1', generationId: 1, protocolName: 'range', protocolType: 'consumer', leader: 'a-1' });
    expect(a.value!.members.map((m) => [m.memberId, m.metadata.toString()])).toEqual([['a-1', 'ma'], ['b-2', 'mb']]);
    expect(b.value).toMatchObject({ errorCode: 0, memberId: 'b-2', generationId: 1, leader: 'a-1', members: [] });
  });

  it('keeps extending the initial delay while new members arrive, up to the rebalance timeout', async () => {
    const first = track(r.join(g, args({ rebalanceTimeoutMs: 250 })));
    for (let i = 0; i < 5; i++) {
      clock.advance(90);
      r.join(g, args());
    }
    await settle();
    // 250 ms rebalance timeout: 100 ms initial delay + at most 150 ms of extensions.
    expect(clock.now() - 1_700_000_000_000).toBe(450);
    expect(first.value?.generationId).toBe(1);
    expect(g.size).toBe(6);
  });

  it('asks v4+ new members to rejoin with an assigned id (MEMBER_ID_REQUIRED)', async () => {
    const first = r.join(g, args({ requireKnownMemberId: true })) as JoinOutcome;
    expect(first).toMatchObject({ errorCode: ErrorCode.MEMBER_ID_REQUIRED, memberId: 'c-1', generationId: -1 });
    expect(g.size).toBe(0);
    const again = track(r.join(g, args({ memberId: 'c-1', requireKnownMemberId: true })));
    clock.advance(100);
    await settle();
    expect(again.value).toMatchObject({ errorCode: 0, memberId: 'c-1', leader: 'c-1', generationId: 1 });
  });

  it('forgets a MEMBER_ID_REQUIRED id that is not used within the session timeout', () => {
    r.join(g, args({ requireKnownMemberId: true, sessionTimeoutMs: 6000 }));
    clock.advance(6000);
    expect(g.pendingMembers.size).toBe(0);
    expect((r.join(g, args({ memberId: 'c-1' })) as JoinOutcome).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('refuses inconsistent protocols', () => {
    expect((r.join(g, args({ protocolType: '' })) as JoinOutcome).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((r.join(g, args({ protocols: [] })) as JoinOutcome).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    r.join(g, args({ protocols: [proto('range')] }));
    expect((r.join(g, args({ protocolType: 'connect' })) as JoinOutcome)).toMatchObject({ errorCode: ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId: '' });
    expect((r.join(g, args({ protocols: [proto('sticky')] })) as JoinOutcome).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('selects the protocol every member supports, by the members\' preferences', async () => {
    const a = track(r.join(g, args({ protocols: [proto('range'), proto('roundrobin')] })));
    r.join(g, args({ protocols: [proto('roundrobin'), proto('sticky')] }));
    r.join(g, args({ protocols: [proto('sticky'), proto('roundrobin'), proto('range')] }));
    clock.advance(200);
    await settle();
    expect(a.value!.protocolName).toBe('roundrobin');
  });

  it('answers an unknown member id with UNKNOWN_MEMBER_ID', () => {
    expect((r.join(g, args({ memberId: 'ghost' })) as JoinOutcome)).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: 'ghost' });
  });
});

describe('sync phase', () => {
  it('makes followers wait for the leader, fills missing assignments, and stores the generation', async () => {
    const a = track(r.join(g, args()));
    const b = track(r.join(g, args()));
    clock.advance(200);
    await settle();
    const follower = track(r.sync(g, { memberId: b.value!.memberId, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() }));
    await settle();
    expect(follower.value).toBeUndefined();
    const leader = track(r.sync(g, { memberId: a.value!.memberId, generationId: 1, protocolType: null, protocolName: null,
      assignments: new Map([[a.value!.memberId, Buffer.from('x')]]) }));
    await settle();
    expect(leader.value).toMatchObject({ errorCode: 0, protocolName: 'range', protocolType: 'consumer' });
    expect(follower.value!.errorCode).toBe(0);
    expect(follower.value!.assignment.length).toBe(0);
    expect(stored).toEqual([1]);
    expect(g.summary().members.map((m) => m.assignment.toString())).toEqual(['x', '']);
  });

  it('answers a SyncGroup in Stable with the current assignment', async () => {
    const [, follower] = await stableGroupOfTwo();
    const again = r.sync(g, { memberId: follower, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() }) as SyncOutcome;
    expect(again.assignment.toString()).toBe('B');
  });

  it('checks member, generation and protocol', async () => {
    const a = track(r.join(g, args()));
    await settle();
    const sync = (over: object) => r.sync(g, { memberId: 'c-1', generationId: 1, protocolType: null, protocolName: null, assignments: new Map(), ...over });
    expect((sync({}) as SyncOutcome).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION); // still generation 0, preparing
    expect((sync({ generationId: 0 }) as SyncOutcome).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    clock.advance(100);
    await settle();
    expect(a.value!.generationId).toBe(1);
    expect((sync({ memberId: 'ghost' }) as SyncOutcome).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((sync({ generationId: 7 }) as SyncOutcome).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((sync({ protocolType: 'connect' }) as SyncOutcome).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((sync({ protocolName: 'sticky' }) as SyncOutcome).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
  });

  it('removes members that do not send SyncGroup within the rebalance timeout, and rebalances', async () => {
    const a = track(r.join(g, args({ rebalanceTimeoutMs: 5000 })));
    const b = track(r.join(g, args({ rebalanceTimeoutMs: 5000 })));
    clock.advance(200);
    await settle();
    r.sync(g, { memberId: a.value!.memberId, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() });
    await settle();
    expect(g.state).toBe('Stable');
    clock.advance(5000);
    expect(g.has(b.value!.memberId)).toBe(false);
    expect(g.state).toBe('PreparingRebalance');
  });

  it('on a failed store answers NOT_COORDINATOR and rebalances', async () => {
    const a = track(r.join(g, args()));
    clock.advance(100);
    await settle();
    storeFails = true;
    const s = track(r.sync(g, { memberId: a.value!.memberId, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() }));
    await settle();
    expect(s.value!.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(g.state).toBe('PreparingRebalance');
  });
});

describe('rebalances of a stable group', () => {
  it('a new member triggers one: heartbeats say REBALANCE_IN_PROGRESS, it completes when everyone rejoined', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    const c = track(r.join(g, args({ clientId: 'new' })));
    expect(g.state).toBe('PreparingRebalance');
    expect(r.heartbeat(g, leader, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(r.heartbeat(g, follower, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const l = track(r.join(g, args({ memberId: leader })));
    await settle();
    expect(l.value).toBeUndefined();
    const f = track(r.join(g, args({ memberId: follower })));
    await settle();
    // No timer needed: everyone is back.
    expect(g.state).toBe('CompletingRebalance');
    expect(l.value).toMatchObject({ generationId: 2, leader });
    expect(l.value!.members).toHaveLength(3);
    expect(f.value!.generationId).toBe(2);
    expect(c.value!.generationId).toBe(2);
  });

  it('removes members that do not rejoin within the rebalance timeout', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    const l = track(r.join(g, args({ memberId: leader })));
    // The follower stays alive (heartbeats) but never rejoins.
    for (let i = 0; i < 11; i++) {
      clock.advance(5000);
      expect(r.heartbeat(g, follower, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    }
    clock.advance(4999);
    await settle();
    expect(l.value).toBeUndefined();
    clock.advance(1);
    await settle();
    expect(g.has(follower)).toBe(false);
    expect(l.value).toMatchObject({ generationId: 2, leader });
    expect(l.value!.members.map((m) => m.memberId)).toEqual([leader]);
  });

  it('elects a new leader when the leader does not rejoin', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    r.join(g, args({ clientId: 'new' }));
    const f = track(r.join(g, args({ memberId: follower })));
    clock.advance(60_000);
    await settle();
    expect(g.has(leader)).toBe(false);
    expect(f.value!.leader).toBe(follower);
    expect(f.value!.members).toHaveLength(2);
  });

  it('the leader rejoining forces a rebalance; a follower rejoining unchanged does not', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    const f = r.join(g, args({ memberId: follower })) as JoinOutcome;
    expect(f).toMatchObject({ errorCode: 0, generationId: 1, leader, members: [] });
    expect(g.state).toBe('Stable');
    r.join(g, args({ memberId: leader }));
    expect(g.state).toBe('PreparingRebalance');
  });

  it('a member leaving triggers one; the last leaving empties the group with a new generation', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    expect(r.leave(g, follower)).toBe(ErrorCode.NONE);
    expect(g.state).toBe('PreparingRebalance');
    expect(r.heartbeat(g, follower, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const l = track(r.join(g, args({ memberId: leader })));
    await settle();
    expect(l.value).toMatchObject({ generationId: 2, members: [{ memberId: leader }] });
    expect(r.leave(g, leader)).toBe(ErrorCode.NONE);
    expect(g.state).toBe('Empty');
    expect(g.generationId).toBe(3);
    expect(stored).toContain(3);
    expect(r.leave(g, leader)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('expires a member whose session times out, and rebalances the rest', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    clock.advance(6000);
    expect(r.heartbeat(g, leader, 1)).toBe(ErrorCode.NONE);
    clock.advance(4000);
    expect(g.has(follower)).toBe(false);
    expect(g.state).toBe('PreparingRebalance');
    expect(r.heartbeat(g, leader, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('does not expire members while they wait in JoinGroup, but does expire new members after the join timeout', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    const l = track(r.join(g, args({ memberId: leader })));
    for (let i = 0; i < 3; i++) {
      clock.advance(5000);
      r.heartbeat(g, follower, 1);
    }
    // 15 s: past the leader's 10 s session timeout, but it waits in JoinGroup.
    expect(g.has(leader)).toBe(true);
    await settle();
    expect(l.value).toBeUndefined();
    clock.advance(45_000);
    await settle();
    expect(l.value!.generationId).toBe(2);
  });

  it('expires a new member whose JoinGroup waits longer than the new-member timeout (5 minutes)', async () => {
    const [leader, follower] = await stableGroupOfTwo();
    const joined = track(r.join(g, args({ clientId: 'slow', rebalanceTimeoutMs: 600_000 })));
    // The old members stay alive without rejoining, so the join phase waits for the 10-minute rebalance timeout.
    for (let i = 0; i < 60; i++) {
      clock.advance(5000);
      r.heartbeat(g, leader, 1);
      r.heartbeat(g, follower, 1);
    }
    await settle();
    expect(joined.value).toMatchObject({ errorCode: ErrorCode.UNKNOWN_MEMBER_ID, memberId: '' });
    expect(g.size).toBe(2);
  });

  it('re-answers a member rejoining with the same metadata while the group completes the rebalance', async () => {
    const a = track(r.join(g, args()));
    const b = track(r.join(g, args()));
    clock.advance(200);
    await settle();
    const again = r.join(g, args({ memberId: a.value!.memberId })) as JoinOutcome;
    expect(again).toMatchObject({ generationId: 1, leader: a.value!.memberId });
    expect(again.members).toHaveLength(2);
    // Changed metadata restarts the rebalance; a waiting SyncGroup is told so.
    const waiting = track(r.sync(g, { memberId: b.value!.memberId, generationId: 1, protocolType: null, protocolName: null, assignments: new Map() }));
    r.join(g, args({ memberId: a.value!.memberId, protocols: [proto('range', 'changed')] }));
    await settle();
    expect(waiting.value!.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(g.state).toBe('PreparingRebalance');
  });
});

describe('heartbeat', () => {
  it('checks member and generation', async () => {
    expect(r.heartbeat(g, 'x', 0)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const [leader] = await stableGroupOfTwo();
    expect(r.heartbeat(g, leader, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(r.heartbeat(g, leader, 1)).toBe(ErrorCode.NONE);
  });
});

describe('shutdown', () => {
  it('answers waiting requests and leaves no timers', async () => {
    const a = track(r.join(g, args()));
    g.answerWaiters(ErrorCode.NOT_COORDINATOR);
    g.cancelTimers();
    await settle();
    expect(a.value!.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(clock.pending).toBe(0);
  });
});
