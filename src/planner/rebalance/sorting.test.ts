import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByKeyThenIndex } from './sorting.js';

describe('sortByKeyThenIndex', () => {
  it('orders like the comparator (key, then index), for keys of any size and non-integer keys', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(50), fc.constant(2 ** 45), fc.nat(Number.MAX_SAFE_INTEGER), fc.nat(70_000), fc.double({ min: 0, max: 10, noNaN: true })), { maxLength: 60 }), (keys) => {
        // Ascending indexes with small integer keys are counted; any other input is sorted.
        for (const indexes of [keys.map((_, i) => i).reverse(), keys.map((_, i) => i)]) {
          const expected = [...indexes].sort((a, b) => keys[a] - keys[b] || a - b);
          sortByKeyThenIndex(indexes, (k) => keys[k], keys.length + 1);
          expect(indexes).toEqual(expected);
        }
      }),
    );
  });

  it('sorts typed arrays', () => {
    const indexes = Int32Array.from([3, 1, 2, 0]);
    sortByKeyThenIndex(indexes, (k) => [5, 1, 1, 0][k], 4);
    expect([...indexes]).toEqual([3, 1, 2, 0]);
  });
});
