/**
 * Leader election and ISR changes when brokers stop and start (the controller's side, as pure functions over a
 * partition record). Kafka's rules: a new leader comes from the ISR, in replica-list order (the preferred
 * leader first); with no live ISR member the partition goes offline (leader -1) unless the topic allows unclean
 * leader election, which then picks any live replica and resets the ISR to it. A stopped broker leaves every
 * ISR, except that the last ISR member stays in it (so it can lead again cleanly when it returns).
 */
import type { PartitionChange } from '../model/cluster-model.js';
import type { PartitionRecord } from '../model/types.js';

export function cleanLeader(p: PartitionRecord, isr: readonly number[], online: (id: number) => boolean): number {
  return p.replicas.find((r) => isr.includes(r) && online(r)) ?? -1;
}

/** The change a partition needs when `stopped` stops; null when it is not a replica there. */
export function onBrokerStopped(p: PartitionRecord, stopped: number, online: (id: number) => boolean, unclean: boolean): PartitionChange | null {
  if (!p.replicas.includes(stopped)) return null;
  const isOnline = (id: number) => id !== stopped && online(id);
  const remaining = p.isr.filter((id) => id !== stopped);
  const isr = remaining.length > 0 ? remaining : p.isr;
  let leader = p.leader === stopped || p.leader === -1 ? cleanLeader(p, isr, isOnline) : p.leader;
  let newIsr = isr;
  if (leader === -1 && unclean) {
    leader = p.replicas.find(isOnline) ?? -1;
    if (leader !== -1) newIsr = [leader];
  }
  if (leader === p.leader && sameMembers(newIsr, p.isr)) return null;
  return { leader, isr: newIsr };
}

/** The change a partition needs when `started` comes back: lead an offline partition it can lead. */
export function onBrokerStarted(p: PartitionRecord, started: number, online: (id: number) => boolean, unclean: boolean): PartitionChange | null {
  if (!p.replicas.includes(started) || p.leader !== -1) return null;
  const leader = cleanLeader(p, p.isr, (id) => id === started || online(id));
  if (leader !== -1) return { leader };
  if (unclean) return { leader: started, isr: [started] };
  return null;
}

export function sameMembers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}
