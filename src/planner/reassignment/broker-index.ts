/**
 * Dense slot numbers (0, 1, 2, …, in first-seen order) for broker ids, so per-broker tallies can live in typed
 * arrays indexed by slot instead of Maps keyed by id. Internal to the reassignment preview.
 */

/** Ids below this (the usual small non-negative broker ids) are looked up in a typed array; others in a Map. */
const DENSE_ID_LIMIT = 65536;

export class BrokerIndex {
  /** The id of each slot. */
  readonly ids: number[] = [];
  /** For dense ids: slot + 1 (0 = no slot yet). Grown on demand. */
  private dense = new Int32Array(0);
  private readonly sparse = new Map<number, number>();

  get size(): number {
    return this.ids.length;
  }

  /** The broker's slot, given a new one if it has none yet. */
  slotOf(id: number): number {
    if (id < this.dense.length && id >= 0 && Number.isInteger(id)) {
      const stored = this.dense[id];
      if (stored !== 0) return stored - 1;
    }
    return this.add(id);
  }

  /** The broker's slot, or -1 if it has none. */
  find(id: number): number {
    if (isDenseId(id)) return id < this.dense.length ? this.dense[id] - 1 : -1;
    return this.sparse.get(id) ?? -1;
  }

  private add(id: number): number {
    const slot = this.find(id);
    if (slot >= 0) return slot;
    const added = this.ids.length;
    if (isDenseId(id)) {
      if (id >= this.dense.length) this.growDense(id);
      this.dense[id] = added + 1;
      this.ids.push(id | 0); // `| 0` turns -0 into 0, as a Map key would
    } else {
      this.sparse.set(id, added);
      this.ids.push(id);
    }
    return added;
  }

  private growDense(id: number): void {
    const grown = new Int32Array(Math.min(DENSE_ID_LIMIT, Math.max(id + 1, this.dense.length * 2, 128)));
    grown.set(this.dense);
    this.dense = grown;
  }
}

function isDenseId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < DENSE_ID_LIMIT;
}

/** A copy of `array` with room for at least `length` elements (doubling, so repeated growth stays linear). */
export function grown<T extends Int32Array | Float64Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const bigger = new (array.constructor as new (n: number) => T)(Math.max(length, array.length * 2, 16));
  bigger.set(array);
  return bigger;
}
