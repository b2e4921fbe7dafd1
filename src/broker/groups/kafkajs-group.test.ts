/**
 * Real kafkajs consumers against the coordinator: FindCoordinator v2, JoinGroup v5 with MEMBER_ID_REQUIRED,
 * SyncGroup v3 with kafkajs' own assignment encoding, LeaveGroup. Consuming records needs Fetch/ListOffsets
 * (the data half): until they are served, each consumer fails right after GROUP_JOIN and leaves the group, so
 * these tests look at the join and at the group left Empty; a running group's Stable state comes later.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Kafka, logLevel, type Consumer, type ConsumerGroupJoinEvent } from 'kafkajs';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 3, groups: { initialRebalanceDelayMs: 300 } });
  const admin = await h.admin();
  await admin.createTopics({ topics: [{ topic: 'shared', numPartitions: 4, replicationFactor: 2 }] });
});
afterAll(async () => h.stop());

async function until(check: () => boolean, ms = 15_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kafkajs consumer group', () => {
  it('two consumers join one generation and share the partitions; leaving empties the group', async () => {
    const kafka = new Kafka({ clientId: 'kjs', brokers: h.cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const joins: ConsumerGroupJoinEvent['payload'][] = [];
    const consumers: Consumer[] = [kafka.consumer({ groupId: 'kjs-group' }), kafka.consumer({ groupId: 'kjs-group' })];
    try {
      for (const c of consumers) {
        c.on(c.events.GROUP_JOIN, (e) => joins.push(e.payload));
        await c.connect();
        await c.subscribe({ topic: 'shared' });
      }
      await Promise.all(consumers.map((c) => c.run({ eachMessage: async () => {} })));
      await until(() => joins.length >= 2);
      const [a, b] = joins;
      expect(a.leaderId).toBe(b.leaderId);
      expect([a.isLeader, b.isLeader].sort()).toEqual([false, true]);
      expect(a.groupProtocol).toBe('RoundRobinAssigner');
      const partitions = [...a.memberAssignment.shared, ...b.memberAssignment.shared].sort();
      expect(partitions).toEqual([0, 1, 2, 3]);
      expect(a.memberAssignment.shared).toHaveLength(2);
    } finally {
      await Promise.all(consumers.map((c) => c.disconnect()));
    }
    const admin = await h.admin();
    await admin.listTopics();
    let group = (await admin.describeGroups(['kjs-group'])).groups[0];
    for (let i = 0; i < 200 && group.state !== 'Empty'; i++) {
      await new Promise((r) => setTimeout(r, 25));
      group = (await admin.describeGroups(['kjs-group'])).groups[0];
    }
    expect(group).toMatchObject({ state: 'Empty', protocolType: 'consumer', members: [] });
    const { groups } = await admin.listGroups();
    expect(groups).toContainEqual({ groupId: 'kjs-group', protocolType: 'consumer' });
  });
});
