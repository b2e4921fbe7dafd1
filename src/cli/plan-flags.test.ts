import { describe, expect, it } from 'vitest';
import { ExitError } from './exit.js';
import { parseBrokerIds, parseRate, planningOptions } from './plan-flags.js';

describe('planning flags', () => {
  it('maps every flag to the planner option it names', () => {
    expect(
      planningOptions({ throttle: '50MiB/s', maxMovesPerBroker: '3', maxBytesPerBatch: '1GiB', budget: '10GB', excludeBrokers: '4, 5', strict: true }),
    ).toEqual({
      throttleBytesPerSec: 50 * 2 ** 20,
      maxMovesPerBroker: 3,
      maxBytesPerBatch: 2 ** 30,
      budgetBytes: 10 ** 10,
      excludedBrokers: [4, 5],
      strict: true,
    });
    expect(planningOptions({})).toEqual({});
  });

  it('accepts rates with and without /s, and refuses nonsense with the flag name', () => {
    expect(parseRate('--throttle', '1KiB/s')).toBe(1024);
    expect(parseRate('--throttle', '2048')).toBe(2048);
    for (const bad of ['0', '-1', 'fast', '1.5B/s', 'unlimited']) expect(() => parseRate('--throttle', bad)).toThrow(ExitError);
    expect(() => parseBrokerIds('--exclude-brokers', '4,x')).toThrow(/--exclude-brokers: "4,x"/);
    expect(() => planningOptions({ maxMovesPerBroker: '0' })).toThrow(/--max-moves-per-broker/);
  });
});
