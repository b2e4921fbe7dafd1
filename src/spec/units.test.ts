import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseDurationExact, parseSize, parseSizeExact } from './units.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['15m', 900_000],
    ['36h', 129_600_000],
    ['7d', 604_800_000],
    ['2w', 1_209_600_000],
    ['1.5h', 5_400_000],
    ['0.25s', 250],
    ['7 d', 604_800_000],
    [' 10s ', 10_000],
    ['604800000', 604_800_000],
    ['0', 0],
    ['-1', -1],
    ['infinite', -1],
    ['Unlimited', -1],
  ])('%s → %d', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['0.5ms', '1.0001s', '7x', '7D', 'd', '', '1,5h', '-5s', '-2', '1e3', '7dd', 'infinity'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('tells fractions and negatives from syntax errors', () => {
    expect(parseDurationExact('0.5ms')).toEqual({ ok: false, reason: 'fraction' });
    expect(parseDurationExact('-5s')).toEqual({ ok: false, reason: 'negative' });
    expect(parseDurationExact('7x')).toEqual({ ok: false, reason: 'syntax' });
  });

  it('is exact beyond 2^53 (exact form) and null in the number form', () => {
    expect(parseDurationExact('9223372036854775807')).toEqual({ ok: true, value: 9223372036854775807n });
    expect(parseDuration('9223372036854775807')).toBeNull();
  });

  it('n<unit> = n × unit for every whole n', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.constantFrom(['ms', 1], ['s', 1000], ['m', 60_000], ['h', 3_600_000], ['d', 86_400_000], ['w', 604_800_000]), (n, [unit, factor]) => {
        expect(parseDuration(`${n}${unit}`)).toBe(n * (factor as number));
      }),
    );
  });
});

describe('parseSize', () => {
  it.each([
    ['512B', 512],
    ['1KiB', 1024],
    ['64MiB', 67_108_864],
    ['1GiB', 1_073_741_824],
    ['1TiB', 1_099_511_627_776],
    ['1KB', 1000],
    ['1MB', 1_000_000],
    ['1GB', 1_000_000_000],
    ['1TB', 1_000_000_000_000],
    ['1.5GiB', 1_610_612_736],
    ['1.5KB', 1500],
    ['2 MiB', 2_097_152],
    ['1gib', 1_073_741_824],
    ['1048588', 1_048_588],
    ['-1', -1],
    ['unlimited', -1],
    ['infinite', -1],
  ])('%s → %d', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['1.5B', '0.1KiB', '1XB', '1K', 'lots', '', '-1GiB', '-3'])('refuses %j', (text) => {
    expect(parseSize(text)).toBeNull();
  });

  it('reports fractions of a byte as fractions', () => {
    expect(parseSizeExact('1.5B')).toEqual({ ok: false, reason: 'fraction' });
    expect(parseSizeExact('1XB')).toEqual({ ok: false, reason: 'syntax' });
  });
});
