/**
 * Sorting partition indexes by an integer key, then by index — the balancer's greedy orders over every partition of
 * the cluster. A comparator sort calls back into JavaScript ~n log n times (≈ 0.1 s for 200,000 partitions); packing
 * (key, index) into one float and sorting a Float64Array natively is several times faster, and small keys are simply
 * counted. Falls back to the comparator when a key is not a non-negative safe integer or the packed value would not be
 * exact. Pure.
 */

/** Keys below this are counted instead of sorted: one pass to count, one to place. */
const COUNTING_LIMIT = 1 << 16;

/** Sorts `indexes` (values in [0, span)) in place by (key ascending, index ascending). */
export function sortByKeyThenIndex(indexes: Int32Array | number[], key: (k: number) => number, span: number): void {
  const n = indexes.length;
  if (countingSort(indexes, key)) return;
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

/**
 * The same order by counting, when the indexes are ascending and every key is an integer in [0, COUNTING_LIMIT), at
 * most a few times the count (e.g. the leader phase's small priorities): stable, so equal keys keep ascending
 * indexes. False (nothing changed) otherwise.
 */
function countingSort(indexes: Int32Array | number[], key: (k: number) => number): boolean {
  const n = indexes.length;
  const keys = new Int32Array(n);
  let largest = 0;
  for (let i = 0; i < n; i++) {
    if (i > 0 && indexes[i - 1] >= indexes[i]) return false;
    const k = key(indexes[i]);
    if (!(Number.isInteger(k) && k >= 0 && k < COUNTING_LIMIT)) return false;
    keys[i] = k;
    if (k > largest) largest = k;
  }
  // A key range far wider than the input (a few partitions with sizes in the thousands) is cheaper to sort.
  if (largest > 4 * n + 256) return false;
  const starts = new Int32Array(largest + 2);
  for (let i = 0; i < n; i++) starts[keys[i] + 1]++;
  for (let k = 1; k < starts.length; k++) starts[k] += starts[k - 1];
  const sorted = new Int32Array(n);
  for (let i = 0; i < n; i++) sorted[starts[keys[i]]++] = indexes[i];
  for (let i = 0; i < n; i++) indexes[i] = sorted[i];
  return true;
}
