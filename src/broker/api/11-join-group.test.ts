/** The classic group protocol over the wire: JoinGroup, SyncGroup, Heartbeat, LeaveGroup (and DescribeGroups to look). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import type { ProtocolConnection } from '../../protocol/client.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DescribeGroupsResponse } from '../../protocol/generated/DescribeGroupsResponse.js';
import type { HeartbeatResponse } from '../../protocol/generated/HeartbeatResponse.js';
import type { JoinGroupResponse } from '../../protocol/generated/JoinGroupResponse.js';
import type { LeaveGroupResponse } from '../../protocol/generated/LeaveGroupResponse.js';
import type { MetadataResponse } from '../../protocol/generated/MetadataResponse.js';
import type { SyncGroupResponse } from '../../protocol/generated/SyncGroupResponse.js';
import { findCoordinator, memberConnection, otherBroker } from '../groups/testing.js';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  // Short bounds so sessions can expire within a test; Kafka's own bounds are checked in the coordinator's tests.
  h = await startHarness({ brokers: 3, groups: { minSessionTimeoutMs: 100, initialRebalanceDelayMs: 50 } });
});
afterAll(async () => h.stop());

interface JoinOptions {
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  protocolType?: string;
  protocols?: { name: string; metadata: Buffer }[];
}

function joinBody(groupId: string, memberId: string, o: JoinOptions = {}) {
  return {
    groupId,
    sessionTimeoutMs: o.sessionTimeoutMs ?? 10_000,
    rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? 5000,
    memberId,
    groupInstanceId: null,
    protocolType: o.protocolType ?? 'consumer',
    protocols: o.protocols ?? [{ name: 'range', metadata: Buffer.from(`meta-${memberId || 'new'}`) }],
  };
}

async function joinRaw(c: ProtocolConnection, groupId: string, memberId: string, o: JoinOptions = {}, version = 5): Promise<JoinGroupResponse> {
  return (await c.request<JoinGroupResponse>(ApiKey.JoinGroup, joinBody(groupId, memberId, o), version)).body;
}

/** A v5 join as clients do it: MEMBER_ID_REQUIRED first, then the real join with the given id. */
async function join(c: ProtocolConnection, groupId: string, o: JoinOptions = {}): Promise<JoinGroupResponse> {
  const first = await joinRaw(c, groupId, '', o);
  expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  expect(first.memberId).toMatch(/^broker-test-[0-9a-f-]{36}$/);
  return joinRaw(c, groupId, first.memberId, o);
}

async function sync(c: ProtocolConnection, groupId: string, j: { memberId: string; generationId: number },
  assignments: { memberId: string; assignment: Buffer }[] = []): Promise<SyncGroupResponse> {
  return (await c.request<SyncGroupResponse>(ApiKey.SyncGroup,
    { groupId, generationId: j.generationId, memberId: j.memberId, groupInstanceId: null, assignments }, 3)).body;
}

async function heartbeat(c: ProtocolConnection, groupId: string, memberId: string, generationId: number): Promise<number> {
  return (await c.request<HeartbeatResponse>(ApiKey.Heartbeat, { groupId, generationId, memberId, groupInstanceId: null }, 3)).body.errorCode;
}

async function describe1(c: ProtocolConnection, groupId: string) {
  return (await c.request<DescribeGroupsResponse>(ApiKey.DescribeGroups, { groups: [groupId], includeAuthorizedOperations: false }, 4)).body.groups[0];
}

/** Leader syncs with one assignment per member ("<memberId>-part"), followers with none; returns the answers in input order. */
async function syncAll(groupId: string, members: { c: ProtocolConnection; j: JoinGroupResponse }[]): Promise<SyncGroupResponse[]> {
  return Promise.all(members.map(({ c, j }) => {
    const assignments = j.leader === j.memberId ? j.members.map((m) => ({ memberId: m.memberId, assignment: Buffer.from(`${m.memberId}-part`) })) : [];
    return sync(c, groupId, j, assignments);
  }));
}

describe('consumer group membership over the wire', () => {
  const group = 'wire-group';
  let a: ProtocolConnection, b: ProtocolConnection, c: ProtocolConnection;
  let ja: JoinGroupResponse, jb: JoinGroupResponse;

  it('two members join: one leader with the member list, assignments distributed by SyncGroup', async () => {
    a = await memberConnection(h, group);
    b = await memberConnection(h, group);
    c = await memberConnection(h, group);
    [ja, jb] = await Promise.all([join(a, group), join(b, group)]);
    expect(ja.generationId).toBe(1);
    expect(jb.generationId).toBe(1);
    expect(ja.leader).toBe(jb.leader);
    expect(ja.protocolName).toBe('range');
    const [leader, follower] = ja.leader === ja.memberId ? [ja, jb] : [jb, ja];
    expect(leader.members.map((m) => [m.memberId, m.metadata.toString()]).sort()).toEqual(
      [[ja.memberId, `meta-${ja.memberId}`], [jb.memberId, `meta-${jb.memberId}`]].sort());
    expect(follower.members).toEqual([]);

    const [sa, sb] = await syncAll(group, [{ c: a, j: ja }, { c: b, j: jb }]);
    expect(sa).toMatchObject({ errorCode: 0 });
    expect(sa.assignment.toString()).toBe(`${ja.memberId}-part`);
    expect(sb.assignment.toString()).toBe(`${jb.memberId}-part`);
    expect(await heartbeat(a, group, ja.memberId, 1)).toBe(ErrorCode.NONE);

    const d = await describe1(a, group);
    expect(d).toMatchObject({ errorCode: 0, groupState: 'Stable', protocolType: 'consumer', protocolData: 'range' });
    expect(d.members.map((m) => [m.memberId, m.clientId, m.clientHost, m.memberAssignment.toString()]).sort()).toEqual([
      [ja.memberId, 'broker-test', '/127.0.0.1', `${ja.memberId}-part`],
      [jb.memberId, 'broker-test', '/127.0.0.1', `${jb.memberId}-part`],
    ].sort());
  });

  it('a third member triggers a rebalance: REBALANCE_IN_PROGRESS on heartbeat, other connections keep being served', async () => {
    const third = join(c, group);
    let hb: number = ErrorCode.NONE;
    for (let i = 0; i < 200 && hb === ErrorCode.NONE; i++) {
      await new Promise((r) => setTimeout(r, 10));
      hb = await heartbeat(a, group, ja.memberId, 1);
    }
    expect(hb).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    // c's JoinGroup waits on its connection; another connection to the same broker is answered meanwhile.
    const other = await memberConnection(h, group);
    const md = await other.request<MetadataResponse>(ApiKey.Metadata, { topics: [] }, 1);
    expect(md.body.brokers).toHaveLength(3);
    expect((await describe1(other, group)).groupState).toBe('PreparingRebalance');

    const [ra, rb, rc] = await Promise.all([joinRaw(a, group, ja.memberId), joinRaw(b, group, jb.memberId), third]);
    for (const r of [ra, rb, rc]) expect(r).toMatchObject({ errorCode: 0, generationId: 2 });
    const leader = [ra, rb, rc].find((r) => r.leader === r.memberId)!;
    expect(leader.members).toHaveLength(3);
    const answers = await syncAll(group, [{ c: a, j: ra }, { c: b, j: rb }, { c, j: rc }]);
    expect(answers.map((s) => s.errorCode)).toEqual([0, 0, 0]);
    expect(answers[2].assignment.toString()).toBe(`${rc.memberId}-part`);
    ja = ra;
    jb = rb;
    // c leaves (v3 batch form): the others must rejoin.
    const left = await c.request<LeaveGroupResponse>(ApiKey.LeaveGroup, { groupId: group, members: [{ memberId: rc.memberId, groupInstanceId: null }, { memberId: 'ghost', groupInstanceId: null }] }, 3);
    expect(left.body).toEqual({ throttleTimeMs: 0, errorCode: 0, members: [
      { memberId: rc.memberId, groupInstanceId: null, errorCode: 0 },
      { memberId: 'ghost', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
    ] });
    expect(await heartbeat(a, group, ja.memberId, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [again, againB] = await Promise.all([joinRaw(a, group, ja.memberId), joinRaw(b, group, jb.memberId)]);
    expect(again.generationId).toBe(3);
    expect([again, againB].find((r) => r.leader === r.memberId)!.members.map((m) => m.memberId).sort()).toEqual([ja.memberId, jb.memberId].sort());
    await syncAll(group, [{ c: a, j: again }, { c: b, j: againB }]);
    expect((await describe1(a, group)).groupState).toBe('Stable');
  });

  it('checks members, generations and protocols', async () => {
    expect(await heartbeat(a, group, 'nobody', 3)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(a, group, ja.memberId, 2)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await sync(a, group, { memberId: ja.memberId, generationId: 9 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await sync(a, group, { memberId: 'nobody', generationId: 3 })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const d = await memberConnection(h, group);
    expect((await joinRaw(d, group, '', { protocolType: 'connect' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await joinRaw(d, group, '', { protocols: [{ name: 'sticky', metadata: Buffer.alloc(0) }] })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await joinRaw(d, group, '', { sessionTimeoutMs: 99 })).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await joinRaw(d, group, '', { sessionTimeoutMs: 1_800_001 })).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((await joinRaw(d, group, 'made-up-id')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await joinRaw(d, '', '')).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await describe1(a, group)).groupState).toBe('Stable');
  });

  it('answers NOT_COORDINATOR on every other broker', async () => {
    const elsewhere = await h.protocol(otherBroker(h, await findCoordinator(h, group)));
    expect((await joinRaw(elsewhere, group, '')).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(await heartbeat(elsewhere, group, ja.memberId, 3)).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await sync(elsewhere, group, ja)).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const left = await elsewhere.request<LeaveGroupResponse>(ApiKey.LeaveGroup, { groupId: group, memberId: ja.memberId }, 1);
    expect(left.body.errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((await describe1(elsewhere, group))).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, groupState: '', members: [] });
  });
});

describe('session expiry and old versions', () => {
  it('removes a member whose session expires and rebalances the rest', async () => {
    const group = 'expiring-group';
    const x = await memberConnection(h, group);
    const y = await memberConnection(h, group);
    const [jx, jy] = await Promise.all([join(x, group, { sessionTimeoutMs: 300 }), join(y, group, { sessionTimeoutMs: 10_000 })]);
    await syncAll(group, [{ c: x, j: jx }, { c: y, j: jy }]);
    // y keeps heartbeating, x goes silent.
    let code: number = ErrorCode.NONE;
    const started = Date.now();
    while (code === ErrorCode.NONE && Date.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 50));
      code = await heartbeat(y, group, jy.memberId, jx.generationId);
    }
    expect(code).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    expect((await describe1(y, group)).members.map((m) => m.memberId)).toEqual([jy.memberId]);
    expect(await heartbeat(x, group, jx.memberId, jx.generationId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoined = await joinRaw(y, group, jy.memberId, { sessionTimeoutMs: 10_000 });
    expect(rejoined).toMatchObject({ errorCode: 0, generationId: 2, leader: jy.memberId });
    expect(rejoined.members.map((m) => m.memberId)).toEqual([jy.memberId]);
  });

  it('serves JoinGroup v0 (no MEMBER_ID_REQUIRED, rebalance timeout = session timeout) and LeaveGroup v0', async () => {
    const group = 'old-client-group';
    const conn = await memberConnection(h, group);
    const j = await joinRaw(conn, group, '', { sessionTimeoutMs: 6000 }, 0);
    expect(j).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
    expect(j.leader).toBe(j.memberId);
    const s = (await conn.request<SyncGroupResponse>(ApiKey.SyncGroup,
      { groupId: group, generationId: 1, memberId: j.memberId, assignments: [{ memberId: j.memberId, assignment: Buffer.from('all') }] }, 0)).body;
    expect(s.errorCode).toBe(0);
    expect(s.assignment.toString()).toBe('all');
    const hb = await conn.request<HeartbeatResponse>(ApiKey.Heartbeat, { groupId: group, generationId: 1, memberId: j.memberId }, 0);
    expect(hb.body.errorCode).toBe(0);
    const unknown = await conn.request<LeaveGroupResponse>(ApiKey.LeaveGroup, { groupId: group, memberId: 'ghost' }, 0);
    expect(unknown.body.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const left = await conn.request<LeaveGroupResponse>(ApiKey.LeaveGroup, { groupId: group, memberId: j.memberId }, 0);
    expect(left.body.errorCode).toBe(0);
    expect(await describe1(conn, group)).toMatchObject({ groupState: 'Empty', protocolType: 'consumer', members: [] });
  });
});
