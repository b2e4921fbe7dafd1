/**
 * Sorting partition indexes by an integer key, then by index — the balancer's greedy orders over every partition of
 * the cluster. A comparator sort calls back into JavaScript ~n log n times (≈ 0.1 s for 200,000 partitions); packing
 * (key, index) into one float and sorting a Float64Array natively is several times faster. Falls back to the
 * comparator when a key is not a non-negative safe integer or the packed value would not be exact. Pure.
 */

/** Sorts `indexes` (values in [0, span)) in place by (key ascending, index ascending). */
export function sortByKeyThenIndex(indexes: Int32Array | number[], key: (k: number) => number, span: number): void {
  const n = indexes.length;
  const keys = new Float64Array(n);
  let exact = true;
  for (let i = 0; i < n && exact; i++) {
    const k = indexes[i];
    const primary = key(k);
    const packed = primary * span + k;
    exact = Number.isSafeInteger(primary) && primary >= 0 && k >= 0 && k < span && packed <= Number.MAX_SAFE_INTEGER;
    keys[i] = packed;
  }
  if (!exact) {
    indexes.sort((a, b) => key(a) - key(b) || a - b);
    return;
  }
  keys.sort();
  for (let i = 0; i < n; i++) indexes[i] = keys[i] % span;
}
