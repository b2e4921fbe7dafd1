/** ListGroups, DescribeGroups and DeleteGroups over the wire and through kafkajs' admin. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { DeleteGroupsResponse } from '../../protocol/generated/DeleteGroupsResponse.js';
import type { DescribeGroupsResponse } from '../../protocol/generated/DescribeGroupsResponse.js';
import type { JoinGroupResponse } from '../../protocol/generated/JoinGroupResponse.js';
import type { ListGroupsResponse } from '../../protocol/generated/ListGroupsResponse.js';
import type { OffsetFetchResponse } from '../../protocol/generated/OffsetFetchResponse.js';
import { startHarness, type Harness } from '../testing/harness.js';
import { coordinatorBrokerFor } from '../groups/placement.js';
import { findCoordinator, memberConnection, otherBroker } from '../groups/testing.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 3, groups: { initialRebalanceDelayMs: 0 } });
  const admin = await h.admin();
  await admin.createTopics({ topics: [{ topic: 'events', numPartitions: 2 }] });
});
afterAll(async () => h.stop());

async function simpleCommit(groupId: string): Promise<void> {
  const c = await memberConnection(h, groupId);
  await c.request(ApiKey.OffsetCommit, { groupId, generationIdOrMemberEpoch: -1, memberId: '', retentionTimeMs: -1n,
    topics: [{ name: 'events', partitions: [{ partitionIndex: 0, committedOffset: 3n, committedMetadata: null }] }] }, 2);
}

/** A group with one Stable member; the connection stays open (the member stays in the group). */
async function stableGroup(groupId: string): Promise<JoinGroupResponse> {
  const c = await memberConnection(h, groupId);
  const j = (await c.request<JoinGroupResponse>(ApiKey.JoinGroup, {
    groupId, sessionTimeoutMs: 30_000, rebalanceTimeoutMs: 10_000, memberId: '', protocolType: 'consumer',
    protocols: [{ name: 'roundrobin', metadata: Buffer.from('sub') }],
  }, 1)).body;
  await c.request(ApiKey.SyncGroup, { groupId, generationId: j.generationId, memberId: j.memberId,
    assignments: [{ memberId: j.memberId, assignment: Buffer.from('assigned') }] }, 1);
  return j;
}

describe('ListGroups / DescribeGroups / DeleteGroups', () => {
  it('each broker lists the groups it coordinates; together, all of them', async () => {
    const names = ['list-a', 'list-b', 'list-c', 'list-d', 'list-e', 'list-f'];
    for (const g of names) await simpleCommit(g);
    await stableGroup('list-active');
    const seen: string[] = [];
    for (const b of h.cluster.brokers) {
      const p = await h.protocol(b.id);
      const { body } = await p.request<ListGroupsResponse>(ApiKey.ListGroups, {}, 2);
      expect(body.errorCode).toBe(0);
      for (const g of body.groups) {
        expect(await findCoordinator(h, g.groupId)).toBe(b.id);
        seen.push(g.groupId);
      }
      const active = body.groups.find((g) => g.groupId === 'list-active');
      if (active) expect(active.protocolType).toBe('consumer');
      const simple = body.groups.find((g) => g.groupId === 'list-a');
      if (simple) expect(simple.protocolType).toBe('');
    }
    expect(seen.sort()).toEqual([...names, 'list-active'].sort());

    const admin = await h.admin();
    const { groups } = await admin.listGroups();
    expect(groups.map((g) => g.groupId).sort()).toEqual(expect.arrayContaining([...names, 'list-active']));
  });

  it('describes a stable group with members, metadata and assignments; unknown groups are Dead', async () => {
    const j = await stableGroup('described');
    const home = await findCoordinator(h, 'described');
    // An unknown group with the same coordinator, and one with another.
    const ids = Array.from({ length: 20 }, (_, i) => `unknown-${i}`);
    const sameHome = ids.find((g) => coordinatorBrokerFor(g, [1, 2, 3], 50) === home)!;
    const otherHome = ids.find((g) => coordinatorBrokerFor(g, [1, 2, 3], 50) !== home)!;
    const p = await h.protocol(home);
    const { body } = await p.request<DescribeGroupsResponse>(ApiKey.DescribeGroups,
      { groups: ['described', sameHome, otherHome], includeAuthorizedOperations: true }, 4);
    expect(body.groups[0]).toMatchObject({
      errorCode: 0, groupId: 'described', groupState: 'Stable', protocolType: 'consumer', protocolData: 'roundrobin',
      authorizedOperations: (1 << 3) | (1 << 6) | (1 << 8),
    });
    expect(body.groups[0].members).toEqual([{ memberId: j.memberId, groupInstanceId: null, clientId: 'broker-test', clientHost: '/127.0.0.1',
      memberMetadata: Buffer.from('sub'), memberAssignment: Buffer.from('assigned') }]);
    expect(body.groups[1]).toMatchObject({ errorCode: 0, groupId: sameHome, groupState: 'Dead', protocolType: '', protocolData: '', members: [] });
    expect(body.groups[2]).toMatchObject({ errorCode: ErrorCode.NOT_COORDINATOR, groupId: otherHome, groupState: '', members: [] });

    const admin = await h.admin();
    await admin.listTopics();
    const described = await admin.describeGroups(['described']);
    expect(described.groups[0]).toMatchObject({ groupId: 'described', state: 'Stable', protocol: 'roundrobin', protocolType: 'consumer' });
    expect(described.groups[0].members[0]).toMatchObject({ memberId: j.memberId, clientId: 'broker-test', clientHost: '/127.0.0.1' });
  });

  it('deletes empty groups with their offsets; refuses non-empty and unknown ones', async () => {
    await simpleCommit('doomed');
    await stableGroup('busy');
    const admin = await h.admin();
    await admin.listTopics();
    // kafkajs reports per-group errors in KafkaJSDeleteGroupsError.groups.
    const groupErrors = async (ids: string[]) => {
      try {
        await admin.deleteGroups(ids);
      } catch (e) {
        return ((e as { groups?: { groupId: string; error: { type: string } }[] }).groups ?? []).map((g) => [g.groupId, g.error.type]);
      }
      throw new Error('expected deleteGroups to fail');
    };
    expect((await groupErrors(['busy', 'never-existed'])).sort()).toEqual([['busy', 'NON_EMPTY_GROUP'], ['never-existed', 'GROUP_ID_NOT_FOUND']]);

    const coordinator = await findCoordinator(h, 'doomed');
    const elsewhere = await h.protocol(otherBroker(h, coordinator));
    const wrong = await elsewhere.request<DeleteGroupsResponse>(ApiKey.DeleteGroups, { groupsNames: ['doomed'] }, 1);
    expect(wrong.body.results).toEqual([{ groupId: 'doomed', errorCode: ErrorCode.NOT_COORDINATOR }]);
    const p = await h.protocol(coordinator);
    const res = await p.request<DeleteGroupsResponse>(ApiKey.DeleteGroups, { groupsNames: ['doomed', 'doomed'] }, 1);
    expect(res.body).toEqual({ throttleTimeMs: 0, results: [{ groupId: 'doomed', errorCode: 0 }] });
    const offsets = await p.request<OffsetFetchResponse>(ApiKey.OffsetFetch, { groupId: 'doomed', topics: null }, 3);
    expect(offsets.body.topics).toEqual([]);
    const again = await p.request<DeleteGroupsResponse>(ApiKey.DeleteGroups, { groupsNames: ['doomed'] }, 0);
    expect(again.body.results[0].errorCode).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });
});
