/**
 * Receivers ordered by room (share − count, most first; ties: lower index), kept in order as counts change — so the
 * replica phase's greedy step can take the first receiver that fits instead of scoring every receiver for every
 * unit (30,000 replicas leaving decommissioned brokers × 95 receivers: ~300 ms). A count changes by one per move, so
 * re-placing the broker is a short walk through the receivers of equal room.
 */
export class ReceiverOrder {
  /** Receivers, most room first. */
  private readonly sorted: number[];
  /** Position in `sorted` by broker index; -1 = not a receiver. */
  private readonly position: Int32Array;

  constructor(
    private readonly counts: Int32Array,
    private readonly shares: Int32Array,
    receiverAllowed: Uint8Array,
  ) {
    this.sorted = [];
    for (let b = 0; b < counts.length; b++) if (receiverAllowed[b]) this.sorted.push(b);
    this.sorted.sort((a, b) => this.before(a, b));
    this.position = new Int32Array(counts.length).fill(-1);
    this.sorted.forEach((b, i) => (this.position[b] = i));
  }

  /** Negative when broker a comes before b: more room, or as much and a lower index. */
  private before(a: number, b: number): number {
    return this.shares[b] - this.counts[b] - (this.shares[a] - this.counts[a]) || a - b;
  }

  /** Call after broker b's count changed (by one or more): moves it to its place. */
  update(b: number): void {
    const sorted = this.sorted;
    let i = this.position[b];
    if (i < 0) return;
    while (i > 0 && this.before(b, sorted[i - 1]) < 0) {
      sorted[i] = sorted[i - 1];
      this.position[sorted[i]] = i;
      i--;
    }
    while (i < sorted.length - 1 && this.before(sorted[i + 1], b) < 0) {
      sorted[i] = sorted[i + 1];
      this.position[sorted[i]] = i;
      i++;
    }
    sorted[i] = b;
    this.position[b] = i;
  }

  /** The first receiver with room that passes `test`, in order; -1 when none does. */
  first(test: (b: number) => boolean): number {
    for (const b of this.sorted) {
      if (this.counts[b] >= this.shares[b]) return -1;
      if (test(b)) return b;
    }
    return -1;
  }
}
