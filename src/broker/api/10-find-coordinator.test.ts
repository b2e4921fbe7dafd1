import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { FindCoordinatorResponse } from '../../protocol/generated/FindCoordinatorResponse.js';
import { coordinatorBrokerFor } from '../groups/placement.js';
import { startHarness, type Harness } from '../testing/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ brokers: 3 });
});
afterAll(async () => h.stop());

describe('FindCoordinator', () => {
  it('names the same coordinator from every broker and every version, placed like Kafka partitions __consumer_offsets', async () => {
    for (const group of ['orders', 'payments', 'analytics', '']) {
      const expected = coordinatorBrokerFor(group, [1, 2, 3], 50)!;
      const endpoint = h.cluster.brokers.find((b) => b.id === expected)!;
      for (const broker of [1, 2, 3]) {
        const p = await h.protocol(broker);
        for (const version of [0, 1, 2]) {
          const { body } = await p.request<FindCoordinatorResponse>(ApiKey.FindCoordinator, { key: group, keyType: 0 }, version);
          expect(body).toMatchObject({ errorCode: ErrorCode.NONE, nodeId: expected, host: endpoint.host, port: endpoint.port });
          if (version >= 1) expect(body.errorMessage).toBe('NONE');
        }
      }
    }
  });

  it('has no transaction coordinator and refuses unknown key types', async () => {
    const p = await h.protocol(2);
    const txn = await p.request<FindCoordinatorResponse>(ApiKey.FindCoordinator, { key: 'tx-1', keyType: 1 }, 2);
    expect(txn.body).toMatchObject({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, nodeId: -1, host: '', port: -1,
      errorMessage: 'The coordinator is not available.' });
    const bad = await p.request<FindCoordinatorResponse>(ApiKey.FindCoordinator, { key: 'x', keyType: 7 }, 1);
    expect(bad.body.errorCode).toBe(ErrorCode.INVALID_REQUEST);
  });

  it('is what kafkajs uses to find a group coordinator', async () => {
    const admin = await h.admin();
    await admin.listTopics(); // kafkajs picks the coordinator's connection from its metadata (retries are off here)
    const expected = coordinatorBrokerFor('kafkajs-group', [1, 2, 3], 50);
    // describeGroups goes through FindCoordinator to the coordinator and answers Dead for an unknown group.
    const { groups } = await admin.describeGroups(['kafkajs-group']);
    expect(groups[0]).toMatchObject({ groupId: 'kafkajs-group', state: 'Dead', errorCode: 0 });
    expect(expected).not.toBeNull();
  });
});
