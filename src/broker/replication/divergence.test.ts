import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PartitionLog } from '../storage/index.js';
import { batch, config, makeTempDir, removeDir } from '../storage/testing.js';
import { agreedLogEnd } from './divergence.js';

const T0 = 1_700_000_000_000;
let root: string;
beforeEach(() => {
  root = makeTempDir();
});
afterEach(() => removeDir(root));

function log(name: string): PartitionLog {
  return PartitionLog.open({ dir: path.join(root, name), config: config(), now: T0 });
}

/** Appends `n` one-record batches as a leader of `epoch` would. */
function lead(l: PartitionLog, epoch: number, n: number): void {
  for (let i = 0; i < n; i++) l.append(batch([{ key: 'k', value: `e${epoch}-${i}`, timestamp: T0 }]), { assignOffsets: true, now: T0, leaderEpoch: epoch });
}

/** Copies the leader's batches from `from` on into the follower, as replication does. */
function replicate(leader: PartitionLog, follower: PartitionLog, from = follower.logEndOffset): void {
  const { records } = leader.read(from, 1 << 20, { isolation: 'log-end' });
  if (records.length > 0) follower.append(records, { assignOffsets: false, now: T0 });
}

describe('agreedLogEnd', () => {
  it('keeps a follower that is a prefix of the leader, and one ahead of it up to the leader’s end', () => {
    const leader = log('l');
    const follower = log('f');
    lead(leader, 0, 5);
    replicate(leader, follower);
    lead(leader, 0, 3);
    expect(agreedLogEnd(follower, leader)).toBe(5);
    expect(agreedLogEnd(leader, follower)).toBe(5);
  });

  it('cuts what an old leader wrote that the new leader never had', () => {
    const oldLeader = log('old');
    const newLeader = log('new');
    lead(oldLeader, 0, 4);
    replicate(oldLeader, newLeader);
    lead(oldLeader, 0, 3); // offsets 4-6, never replicated
    lead(newLeader, 1, 2); // the new leader (epoch 1) writes its own offsets 4-5
    expect(agreedLogEnd(oldLeader, newLeader)).toBe(4);
  });

  it('keeps records the follower has that the leader also has, whatever its high watermark', () => {
    const leader = log('l2');
    const follower = log('f2');
    lead(leader, 3, 10);
    replicate(leader, follower);
    expect(agreedLogEnd(follower, leader)).toBe(10);
  });
});
