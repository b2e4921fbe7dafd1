/**
 * Time for the group coordinator: a clock and cancellable timers. The real one wraps setTimeout and remembers
 * its timers so `cancelAll()` (on cluster stop) leaves none behind; tests use FakeScheduler (testing.ts).
 */

export interface TimerHandle {
  cancel(): void;
}

export interface Scheduler {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Runs `fn` once after `delayMs`, unless cancelled first. */
  schedule(delayMs: number, fn: () => void): TimerHandle;
  /** Cancels every timer still pending. */
  cancelAll(): void;
}

export class RealScheduler implements Scheduler {
  private readonly timers = new Set<NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  schedule(delayMs: number, fn: () => void): TimerHandle {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, Math.max(0, delayMs));
    this.timers.add(timer);
    return {
      cancel: () => {
        clearTimeout(timer);
        this.timers.delete(timer);
      },
    };
  }

  cancelAll(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Timers still pending (tests check that stop leaves none). */
  get pending(): number {
    return this.timers.size;
  }
}
