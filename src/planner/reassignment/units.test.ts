import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate, oneDecimal } from './units.js';

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [812 * MiB, '812 MiB'],
    [18.4 * GiB, '18.4 GiB'],
    [1024 * KiB - 1, '1 MiB'], // 1023.999 KiB rounds to 1024.0 → next unit
    [1023.94 * KiB, '1023.9 KiB'],
    [3 * 1024 * GiB, '3 TiB'],
    [2 ** 53, '8 PiB'],
    [-1536, '-1.5 KiB'],
  ])('%d → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.2, '1 s'],
    [45, '45 s'],
    [59, '59 s'],
    [59.5, '1 min'],
    [60, '1 min'],
    [390, '6.5 min'],
    [368, '6.1 min'],
    [3597, '1 h'], // 59.95 min rounds to 60.0 → hours
    [3600, '1 h'],
    [5400, '1.5 h'],
    [100 * 3600, '100 h'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatRate and oneDecimal', () => {
  it('formats rates and decimals', () => {
    expect(formatRate(50 * MiB)).toBe('50 MiB/s');
    expect(formatRate(1_000_000)).toBe('976.6 KiB/s');
    expect(oneDecimal(2.25)).toBe('2.3');
    expect(oneDecimal(2.04)).toBe('2');
    expect(oneDecimal(0)).toBe('0');
  });
});
