/** OffsetCommit and OffsetFetch over the wire, and committed offsets surviving a full cluster restart. */
import { afterEach, describe, expect, it } from 'vitest';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApiKey } from '../../protocol/api-keys.js';
import type { ProtocolConnection } from '../../protocol/client.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { JoinGroupResponse } from '../../protocol/generated/JoinGroupResponse.js';
import type { OffsetCommitResponse } from '../../protocol/generated/OffsetCommitResponse.js';
import type { OffsetFetchResponse } from '../../protocol/generated/OffsetFetchResponse.js';
import { findCoordinator, memberConnection, otherBroker } from '../groups/testing.js';
import { makeTempDir, startHarness, type Harness } from '../testing/harness.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function cluster(dataDir?: string): Promise<Harness> {
  const h = await startHarness({ brokers: 3, dataDir, groups: { initialRebalanceDelayMs: 0 } });
  cleanups.push(() => h.stop());
  const admin = await h.admin();
  if (!dataDir || !(await admin.listTopics()).includes('orders')) {
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3, replicationFactor: 2 }, { topic: 'audit', numPartitions: 1 }] });
  }
  return h;
}

type Part = { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch?: number; commitTimestamp?: bigint; committedMetadata: string | null };

async function commit(c: ProtocolConnection, groupId: string, topics: { name: string; partitions: Part[] }[],
  member: { generationId: number; memberId: string } = { generationId: -1, memberId: '' }, version = 7): Promise<OffsetCommitResponse> {
  return (await c.request<OffsetCommitResponse>(ApiKey.OffsetCommit, {
    groupId, generationIdOrMemberEpoch: member.generationId, memberId: member.memberId, groupInstanceId: null, retentionTimeMs: -1n, topics,
  }, version)).body;
}

async function fetchOffsets(c: ProtocolConnection, groupId: string, topics: { name: string; partitionIndexes: number[] }[] | null, version = 5): Promise<OffsetFetchResponse> {
  return (await c.request<OffsetFetchResponse>(ApiKey.OffsetFetch, { groupId, topics }, version)).body;
}

const part = (partitionIndex: number, offset: bigint, metadata: string | null = null, epoch = -1): Part =>
  ({ partitionIndex, committedOffset: offset, committedLeaderEpoch: epoch, commitTimestamp: -1n, committedMetadata: metadata });

describe('OffsetCommit / OffsetFetch', () => {
  it('commits as a simple consumer and fetches back; unknown partitions answer -1', async () => {
    const h = await cluster();
    const c = await memberConnection(h, 'simple');
    const res = await commit(c, 'simple', [
      { name: 'orders', partitions: [part(0, 10n, 'first', 4), part(2, 30n), part(3, 1n)] },
      { name: 'nope', partitions: [part(0, 1n)] },
    ]);
    expect(res).toEqual({ throttleTimeMs: 0, topics: [
      { name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 2, errorCode: 0 }, { partitionIndex: 3, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
      { name: 'nope', partitions: [{ partitionIndex: 0, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION }] },
    ] });
    const fetched = await fetchOffsets(c, 'simple', [{ name: 'orders', partitionIndexes: [0, 1, 2] }, { name: 'nope', partitionIndexes: [0] }]);
    expect(fetched).toMatchObject({ throttleTimeMs: 0, errorCode: 0, topics: [
      { name: 'orders', partitions: [
        { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: 4, metadata: 'first', errorCode: 0 },
        { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
        { partitionIndex: 2, committedOffset: 30n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
      ] },
      { name: 'nope', partitions: [{ partitionIndex: 0, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 }] },
    ] });
    // v2+: topics null = everything the group committed.
    const all = await fetchOffsets(c, 'simple', null, 3);
    expect(all.topics!.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset])])).toEqual([['orders', [[0, 10n], [2, 30n]]]]);
    // v0/v1 carry no leader epoch; v0 commits have no generation.
    await commit(c, 'simple', [{ name: 'audit', partitions: [part(0, 5n, 'v0')] }], undefined, 0);
    const v1 = await fetchOffsets(c, 'simple', [{ name: 'audit', partitionIndexes: [0] }], 1);
    expect(v1.topics![0].partitions[0]).toMatchObject({ committedOffset: 5n, metadata: 'v0', errorCode: 0 });
  });

  it('checks generation and member for group members', async () => {
    const h = await cluster();
    const c = await memberConnection(h, 'members');
    const j = (await c.request<JoinGroupResponse>(ApiKey.JoinGroup, {
      groupId: 'members', sessionTimeoutMs: 10_000, rebalanceTimeoutMs: 5000, memberId: '', protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: Buffer.alloc(0) }],
    }, 3)).body;
    expect(j.errorCode).toBe(0);
    const codes = async (member: { generationId: number; memberId: string }) =>
      (await commit(c, 'members', [{ name: 'orders', partitions: [part(0, 1n)] }], member)).topics[0].partitions[0].errorCode;
    // Joined but not synced: the rebalance is not complete.
    expect(await codes(j)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    await c.request(ApiKey.SyncGroup, { groupId: 'members', generationId: j.generationId, memberId: j.memberId, assignments: [] }, 1);
    expect(await codes(j)).toBe(ErrorCode.NONE);
    expect(await codes({ generationId: j.generationId + 1, memberId: j.memberId })).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(await codes({ generationId: j.generationId, memberId: 'intruder' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await codes({ generationId: -1, memberId: '' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await codes({ generationId: 5, memberId: 'x' })).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const fresh = await memberConnection(h, 'never-joined');
    const stale = await commit(fresh, 'never-joined', [{ name: 'orders', partitions: [part(0, 1n)] }], { generationId: 3, memberId: 'm' });
    expect(stale.topics[0].partitions[0].errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    const big = await commit(fresh, 'never-joined', [{ name: 'orders', partitions: [part(0, 1n, 'x'.repeat(4097))] }]);
    expect(big.topics[0].partitions[0].errorCode).toBe(ErrorCode.OFFSET_METADATA_TOO_LARGE);
  });

  it('answers NOT_COORDINATOR on the other brokers (v0-1 per partition, v2+ top-level)', async () => {
    const h = await cluster();
    const elsewhere = await h.protocol(otherBroker(h, await findCoordinator(h, 'g1')));
    const res = await commit(elsewhere, 'g1', [{ name: 'orders', partitions: [part(0, 1n)] }, { name: 'nope', partitions: [part(0, 1n)] }]);
    expect(res.topics.map((t) => t.partitions[0].errorCode)).toEqual([ErrorCode.NOT_COORDINATOR, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    expect(await fetchOffsets(elsewhere, 'g1', [{ name: 'orders', partitionIndexes: [0] }], 2)).toMatchObject({ throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR, topics: [] });
    const v1 = await fetchOffsets(elsewhere, 'g1', [{ name: 'orders', partitionIndexes: [0, 1] }], 1);
    expect(v1.topics![0].partitions.map((p) => [p.partitionIndex, p.committedOffset, p.errorCode])).toEqual([
      [0, -1n, ErrorCode.NOT_COORDINATOR], [1, -1n, ErrorCode.NOT_COORDINATOR]]);
  });

  it('keeps committed offsets across a full cluster stop and start; drops those of deleted topics', async () => {
    const dataDir = await makeTempDir();
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }));
    const first = await cluster(dataDir);
    const c = await memberConnection(first, 'durable');
    await commit(c, 'durable', [{ name: 'orders', partitions: [part(0, 100n, 'a'), part(1, 200n, null, 7)] }, { name: 'audit', partitions: [part(0, 9n)] }]);
    // Acknowledged means on disk already.
    expect(await readFile(join(dataDir, 'groups', 'offsets.jsonl'), 'utf8')).toContain('"durable"');
    await first.stop({ keepDir: true });

    const second = await cluster(dataDir);
    const c2 = await memberConnection(second, 'durable');
    const all = await fetchOffsets(c2, 'durable', null);
    expect(all.topics!.map((t) => [t.name, t.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.committedLeaderEpoch, p.metadata])])).toEqual([
      ['audit', [[0, 9n, -1, '']]],
      ['orders', [[0, 100n, -1, 'a'], [1, 200n, 7, '']]],
    ]);
    const admin = await second.admin();
    await admin.deleteTopics({ topics: ['audit'] });
    let topics: string[] = [];
    for (let i = 0; i < 50; i++) {
      topics = (await fetchOffsets(c2, 'durable', null)).topics!.map((t) => t.name);
      if (!topics.includes('audit')) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(topics).toEqual(['orders']);
  });

  // kafkajs admin.setOffsets runs a whole consumer (it waits for a Fetch), so the commit goes over the protocol here.
  it('serves kafkajs admin fetchOffsets', async () => {
    const h = await cluster();
    const c = await memberConnection(h, 'kjs');
    await commit(c, 'kjs', [{ name: 'orders', partitions: [part(0, 42n), part(2, 7n)] }], undefined, 5);
    const admin = await h.admin();
    await admin.listTopics();
    const fetched = await admin.fetchOffsets({ groupId: 'kjs', topics: ['orders'] });
    expect(fetched).toEqual([{ topic: 'orders', partitions: [
      { partition: 0, offset: '42', metadata: null },
      { partition: 1, offset: '-1', metadata: null },
      { partition: 2, offset: '7', metadata: null },
    ] }]);
  });
});
