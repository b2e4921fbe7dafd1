/**
 * Waiting for something to happen to a partition (Kafka's purgatory, reduced to what a single process needs):
 * a delayed fetch waits for an append to any of its partitions, a delayed produce for the high watermark to
 * move. `wait` resolves true when a key is notified, false on timeout or when the notifier is closed.
 */
interface Waiter {
  readonly keys: readonly string[];
  readonly resolve: (notified: boolean) => void;
  readonly timer: NodeJS.Timeout | null;
}

export class Notifier {
  private readonly byKey = new Map<string, Set<Waiter>>();
  private closed = false;

  wait(keys: readonly string[], timeoutMs: number): Promise<boolean> {
    if (this.closed || timeoutMs <= 0 || keys.length === 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        keys,
        resolve,
        timer: Number.isFinite(timeoutMs) ? setTimeout(() => this.settle(waiter, false), timeoutMs) : null,
      };
      for (const k of keys) {
        let set = this.byKey.get(k);
        if (!set) this.byKey.set(k, (set = new Set()));
        set.add(waiter);
      }
    });
  }

  notify(key: string): void {
    const set = this.byKey.get(key);
    if (!set) return;
    for (const w of [...set]) this.settle(w, true);
  }

  /** Wakes every waiter (with false) and refuses new waits: used on shutdown. */
  close(): void {
    this.closed = true;
    for (const set of [...this.byKey.values()]) for (const w of [...set]) this.settle(w, false);
  }

  private settle(w: Waiter, notified: boolean): void {
    if (w.timer) clearTimeout(w.timer);
    for (const k of w.keys) {
      const set = this.byKey.get(k);
      if (!set) continue;
      set.delete(w);
      if (set.size === 0) this.byKey.delete(k);
    }
    w.resolve(notified);
  }
}
