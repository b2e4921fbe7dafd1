import { afterEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { ErrorCode } from '../../protocol/errors.js';
import { makeTempDir, silentLogger } from '../testing/harness.js';
import { GroupCoordinator, type OffsetCommitArgs } from './coordinator.js';
import type { JoinOutcome } from './group.js';
import type { JoinArgs } from './rebalance.js';
import { FakeScheduler } from './testing.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

interface Setup {
  readonly coordinator: GroupCoordinator;
  readonly clock: FakeScheduler;
  readonly topics: Set<string>;
  readonly dataDir: string;
  /** The broker that coordinates `group`. */
  home(group: string): number;
  reopen(): Promise<GroupCoordinator>;
}

async function setup(brokers = [1, 2, 3]): Promise<Setup> {
  const dataDir = await makeTempDir('topicops-coordinator-');
  cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
  const clock = new FakeScheduler();
  const topics = new Set(['t', 'u']);
  let ids = 0;
  const open = async () => {
    const c = await GroupCoordinator.open({
      dataDir,
      log: silentLogger,
      brokerIds: () => brokers,
      topicExists: (t) => topics.has(t),
      scheduler: clock,
      newMemberId: (clientId) => `${clientId}-${++ids}`,
      settings: { initialRebalanceDelayMs: 0 },
    });
    cleanups.push(() => c.close());
    return c;
  };
  const coordinator = await open();
  return { coordinator, clock, topics, dataDir, home: (g) => coordinator.coordinatorFor(g)!, reopen: open };
}

const join = (over: Partial<JoinArgs> = {}): JoinArgs => ({
  memberId: '', requireKnownMemberId: false, clientId: 'c', clientHost: '/127.0.0.1', sessionTimeoutMs: 10_000,
  rebalanceTimeoutMs: 30_000, protocolType: 'consumer', protocols: [{ name: 'range', metadata: Buffer.from('m') }], ...over,
});

const commit = (groupId: string, over: Partial<OffsetCommitArgs> = {}): OffsetCommitArgs => ({
  groupId, generationId: -1, memberId: '', groupInstanceId: null,
  offsets: [{ topic: 't', partition: 0, offset: 42n, leaderEpoch: -1, metadata: 'm' }], ...over,
});

/** Joins one member and completes the rebalance (Stable). */
async function stableMember(s: Setup, group: string): Promise<JoinOutcome> {
  const b = s.home(group);
  const answer = s.coordinator.join(b, group, join());
  s.clock.advance(0);
  const joined = await answer;
  await s.coordinator.sync(b, group, { memberId: joined.memberId, generationId: joined.generationId, protocolType: null, protocolName: null, assignments: new Map() });
  return joined;
}

describe('GroupCoordinator requests', () => {
  it('validates group id, coordinator and session timeout like Kafka', async () => {
    const s = await setup();
    const b = s.home('g');
    const other = [1, 2, 3].find((x) => x !== b)!;
    expect((s.coordinator.join(b, '', join()) as JoinOutcome).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((s.coordinator.join(other, 'g', join()) as JoinOutcome).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect((s.coordinator.join(b, 'g', join({ sessionTimeoutMs: 5999 })) as JoinOutcome).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((s.coordinator.join(b, 'g', join({ sessionTimeoutMs: 1_800_001 })) as JoinOutcome).errorCode).toBe(ErrorCode.INVALID_SESSION_TIMEOUT);
    expect((s.coordinator.join(b, 'g', join({ memberId: 'stale' })) as JoinOutcome).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(s.coordinator.heartbeat(b, 'g', 'x', 0)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(s.coordinator.heartbeat(other, 'g', 'x', 0)).toBe(ErrorCode.NOT_COORDINATOR);
    expect(s.coordinator.heartbeat(b, '', 'x', 0)).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(s.coordinator.leave(b, 'g', ['x'])).toEqual({ errorCode: ErrorCode.NONE, members: [ErrorCode.UNKNOWN_MEMBER_ID] });
    expect(s.coordinator.describe(b, 'g')).toEqual({ errorCode: ErrorCode.NONE, summary: { state: 'Dead', protocolType: '', protocol: '', members: [] } });
    expect(s.coordinator.describe(other, 'g').errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(s.coordinator.describe(other, 'g').summary.state).toBe('');
  });

  it('moves groups to a live broker when their coordinator goes offline, answering waiters NOT_COORDINATOR', async () => {
    const s = await setup();
    const b = s.home('g');
    const pending = s.coordinator.join(b, 'g', join({ rebalanceTimeoutMs: 30_000 }));
    s.coordinator.setBrokerOnline(b, false);
    expect((await pending).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    const next = s.coordinator.coordinatorFor('g')!;
    expect(next).not.toBe(b);
    expect(s.coordinator.heartbeat(b, 'g', 'x', 0)).toBe(ErrorCode.NOT_COORDINATOR);
    s.coordinator.setBrokerOnline(b, true);
    expect(s.coordinator.coordinatorFor('g')).toBe(b);
    for (const id of [1, 2, 3]) s.coordinator.setBrokerOnline(id, false);
    expect(s.coordinator.check(b, 'g', false)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });

  it('lists only the groups a broker coordinates; deletes only empty groups', async () => {
    const s = await setup();
    const groups = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
    for (const g of groups) await s.coordinator.commitOffsets(s.home(g), commit(g));
    const listed = [1, 2, 3].flatMap((b) => s.coordinator.list(b).map((g) => [b, g.groupId]));
    expect(listed.sort()).toEqual(groups.map((g) => [s.home(g), g]).sort());
    expect(s.coordinator.list(s.home('alpha')).find((g) => g.groupId === 'alpha')).toEqual({ groupId: 'alpha', protocolType: '', state: 'Empty' });

    await stableMember(s, 'busy');
    const hb = s.home('busy');
    expect(await s.coordinator.deleteGroups(hb, ['busy'])).toEqual([ErrorCode.NON_EMPTY_GROUP]);
    expect(await s.coordinator.deleteGroups(s.home('nope'), ['nope'])).toEqual([ErrorCode.GROUP_ID_NOT_FOUND]);
    const elsewhere = [1, 2, 3].find((x) => x !== s.home('nope'))!;
    expect(await s.coordinator.deleteGroups(elsewhere, ['nope'])).toEqual([ErrorCode.NOT_COORDINATOR]);
    const ha = s.home('alpha');
    expect(await s.coordinator.deleteGroups(ha, ['alpha'])).toEqual([ErrorCode.NONE]);
    expect(s.coordinator.fetchOffsets(ha, 'alpha', null).offsets).toEqual([]);
    expect(s.coordinator.describe(ha, 'alpha').summary.state).toBe('Dead');
    const reopened = await (async () => {
      await s.coordinator.close();
      return s.reopen();
    })();
    expect(reopened.list(ha).map((g) => g.groupId)).not.toContain('alpha');
  });

  it('closes without leaving timers, answering waiting requests', async () => {
    const s = await setup();
    const b = s.home('g');
    const pending = s.coordinator.join(b, 'g', join());
    expect(s.clock.pending).toBeGreaterThan(0);
    await s.coordinator.close();
    expect((await pending).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(s.clock.pending).toBe(0);
    expect(s.coordinator.check(b, 'g', false)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});

describe('GroupCoordinator offsets', () => {
  it('accepts simple commits (generation -1) and creates an Empty group; refuses a generation for an unknown group', async () => {
    const s = await setup();
    const b = s.home('simple');
    expect(await s.coordinator.commitOffsets(b, commit('simple'))).toEqual([ErrorCode.NONE]);
    expect(s.coordinator.describe(b, 'simple').summary.state).toBe('Empty');
    expect(s.coordinator.fetchOffsets(b, 'simple', [{ topic: 't', partition: 0 }, { topic: 't', partition: 9 }]).offsets).toEqual([
      { topic: 't', partition: 0, offset: 42n, leaderEpoch: -1, metadata: 'm', commitTimestamp: s.clock.now() },
      { topic: 't', partition: 9, offset: -1n, leaderEpoch: -1, metadata: '', commitTimestamp: -1 },
    ]);
    const b2 = s.home('other');
    expect(await s.coordinator.commitOffsets(b2, commit('other', { generationId: 1, memberId: 'm' }))).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(s.coordinator.fetchOffsets(b2, 'other', null)).toEqual({ errorCode: ErrorCode.NONE, offsets: [] });
  });

  it('checks members and generations of a managed group', async () => {
    const s = await setup();
    const b = s.home('g');
    const m = await stableMember(s, 'g');
    const c = (over: Partial<OffsetCommitArgs>) => s.coordinator.commitOffsets(b, commit('g', over));
    expect(await c({ generationId: m.generationId, memberId: m.memberId })).toEqual([ErrorCode.NONE]);
    expect(await c({ generationId: m.generationId + 1, memberId: m.memberId })).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(await c({ generationId: m.generationId, memberId: 'intruder' })).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(await c({})).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]); // non-members may not commit to a non-empty group
    // A second member joins: while the group completes that rebalance, commits must wait.
    const second = s.coordinator.join(b, 'g', join({ clientId: 'second' }));
    s.coordinator.join(b, 'g', join({ memberId: m.memberId }));
    const joined = await second;
    expect(await c({ generationId: joined.generationId, memberId: joined.memberId })).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
  });

  it('refuses metadata over offset.metadata.max.bytes per partition', async () => {
    const s = await setup();
    const b = s.home('g');
    const codes = await s.coordinator.commitOffsets(b, commit('g', { offsets: [
      { topic: 't', partition: 0, offset: 1n, leaderEpoch: -1, metadata: 'x'.repeat(4097) },
      { topic: 't', partition: 1, offset: 1n, leaderEpoch: -1, metadata: null },
    ] }));
    expect(codes).toEqual([ErrorCode.OFFSET_METADATA_TOO_LARGE, ErrorCode.NONE]);
    expect(s.coordinator.fetchOffsets(b, 'g', null).offsets.map((o) => [o.partition, o.metadata])).toEqual([[1, '']]);
  });

  it('keeps offsets and generations across a restart, and drops offsets of deleted topics', async () => {
    const s = await setup();
    const b = s.home('g');
    const m = await stableMember(s, 'g');
    await s.coordinator.commitOffsets(b, commit('g', { generationId: m.generationId, memberId: m.memberId, offsets: [
      { topic: 't', partition: 0, offset: 10n, leaderEpoch: 2, metadata: 'a' },
      { topic: 'u', partition: 0, offset: 20n, leaderEpoch: -1, metadata: '' },
    ] }));
    await s.coordinator.close();
    const again = await s.reopen();
    expect(again.describe(b, 'g').summary).toMatchObject({ state: 'Empty', protocolType: 'consumer', members: [] });
    expect(again.fetchOffsets(b, 'g', null).offsets.map((o) => [o.topic, o.offset, o.leaderEpoch])).toEqual([['t', 10n, 2], ['u', 20n, -1]]);
    // The next generation continues from the stored one.
    const rejoin = again.join(b, 'g', join());
    s.clock.advance(0);
    expect((await rejoin).generationId).toBe(m.generationId + 1);

    s.topics.delete('u');
    again.forgetDeletedTopics();
    await new Promise((r) => setTimeout(r, 50));
    expect(again.fetchOffsets(b, 'g', null).offsets.map((o) => o.topic)).toEqual(['t']);
  });
});
