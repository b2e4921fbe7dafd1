/** Test support: a manual clock for the coordinator's timers, and helpers for wire tests of the group APIs. */
import { ApiKey } from '../../protocol/api-keys.js';
import type { ProtocolConnection } from '../../protocol/client.js';
import type { FindCoordinatorResponse } from '../../protocol/generated/FindCoordinatorResponse.js';
import type { Harness } from '../testing/harness.js';
import type { Scheduler, TimerHandle } from './scheduler.js';

interface FakeTimer {
  readonly at: number;
  readonly seq: number;
  readonly fn: () => void;
}

export class FakeScheduler implements Scheduler {
  private time: number;
  private seq = 0;
  private readonly timers = new Set<FakeTimer>();

  constructor(start = 1_700_000_000_000) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const t: FakeTimer = { at: this.time + Math.max(0, delayMs), seq: this.seq++, fn };
    this.timers.add(t);
    return { cancel: () => this.timers.delete(t) };
  }

  cancelAll(): void {
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }

  /** Moves the clock forward, firing due timers in deadline order (timers they schedule fire too, if due). */
  advance(ms: number): void {
    const until = this.time + ms;
    for (;;) {
      let next: FakeTimer | null = null;
      for (const t of this.timers) if (t.at <= until && (!next || t.at < next.at || (t.at === next.at && t.seq < next.seq))) next = t;
      if (!next) break;
      this.timers.delete(next);
      this.time = next.at;
      next.fn();
    }
    this.time = until;
  }
}

/** The id of the broker coordinating `groupId`, asked over the wire. */
export async function findCoordinator(h: Harness, groupId: string): Promise<number> {
  const p = await h.protocol(1);
  const { body } = await p.request<FindCoordinatorResponse>(ApiKey.FindCoordinator, { key: groupId, keyType: 0 });
  if (body.errorCode !== 0 || body.nodeId === undefined) throw new Error(`FindCoordinator failed with ${String(body.errorCode)}`);
  return body.nodeId;
}

/** A broker that does not coordinate the group. */
export function otherBroker(h: Harness, coordinator: number): number {
  const b = h.cluster.brokers.find((x) => x.id !== coordinator);
  if (!b) throw new Error('the cluster has a single broker');
  return b.id;
}

/** A new connection to the group's coordinator (each member needs its own: JoinGroup and SyncGroup long-poll). */
export async function memberConnection(h: Harness, groupId: string): Promise<ProtocolConnection> {
  return h.protocol(await findCoordinator(h, groupId));
}
