import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReceiverOrder } from './receiver-order.js';

describe('ReceiverOrder', () => {
  it('keeps receivers by room (most first, then lower index) as counts change, and finds the first that passes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(6), fc.nat(6), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.integer({ min: -2, max: 2 })), { maxLength: 40 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (brokers, changes, passes) => {
          const counts = Int32Array.from(brokers.map(([c]) => c));
          const shares = Int32Array.from(brokers.map(([, s]) => s));
          const allowed = Uint8Array.from(brokers.map(([, , a]) => (a ? 1 : 0)));
          const order = new ReceiverOrder(counts, shares, allowed);
          for (const [b, delta] of changes) {
            if (b >= counts.length) continue;
            counts[b] += delta;
            order.update(b);
            // The first receiver with room passing the test is the one a full scan picks: most room, then lowest index.
            const test = (x: number): boolean => passes[x];
            let expected = -1;
            for (let x = 0; x < counts.length; x++) {
              if (!allowed[x] || counts[x] >= shares[x] || !test(x)) continue;
              const room = shares[x] - counts[x];
              if (expected < 0 || room > shares[expected] - counts[expected]) expected = x;
            }
            expect(order.first(test)).toBe(expected);
          }
        },
      ),
    );
  });
});
