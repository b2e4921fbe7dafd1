import { describe, expect, it } from 'vitest';
import { ownershipUpdates } from './ownership-store.js';

describe('ownershipUpdates', () => {
  it('records created configs, adds and removes on update, and tombstones deleted topics', () => {
    const current = new Map([['t', ['retention.ms', 'segment.bytes']], ['gone', ['x']]]);
    const updates = ownershipUpdates(
      [
        { kind: 'create-topic', topic: 'new', configs: { 'retention.ms': '1', 'cleanup.policy': 'compact' } },
        { kind: 'update-configs', topic: 't', changes: [{ name: 'segment.bytes', to: null }, { name: 'max.message.bytes', to: '10' }] },
        { kind: 'delete-topic', topic: 'gone' },
        { kind: 'add-partitions', topic: 'other' },
      ],
      current,
    );
    expect([...updates]).toEqual([
      ['new', ['cleanup.policy', 'retention.ms']],
      ['t', ['max.message.bytes', 'retention.ms']],
      ['gone', null],
    ]);
  });
});
