import { describe, expect, it } from 'vitest';
import { closestMatch, didYouMean, editDistance } from './suggest.js';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['kitten', 'sitting', 3],
    ['retention.msx', 'retention.ms', 1],
    ['partiton', 'partitions', 2],
    ['ab', 'ba', 1], // a swap counts once
  ])('%j → %j = %d', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });
});

describe('closestMatch', () => {
  const keys = ['name', 'partitions', 'replicationFactor', 'config', 'placement'];
  it('finds typos, case slips and swaps', () => {
    expect(closestMatch('partiton', keys)).toBe('partitions');
    expect(closestMatch('replicationfactor', keys)).toBe('replicationFactor');
    expect(closestMatch('nmae', keys)).toBe('name');
    expect(closestMatch('configs', keys)).toBe('config');
  });
  it('stays quiet when nothing is close', () => {
    expect(closestMatch('owner', keys)).toBeNull();
    expect(closestMatch('x', keys)).toBeNull();
  });
  it('formats the hint', () => {
    expect(didYouMean('retention.msx', ['retention.ms', 'retention.bytes'])).toBe('; did you mean "retention.ms"?');
    expect(didYouMean('zzz', ['retention.ms'])).toBe('');
  });
});
