/**
 * The planning flags shared by plan, apply and rebalance, and their mapping to the planner's options:
 * --throttle 50MiB/s, --max-moves-per-broker 5, --max-bytes-per-batch 10GiB, --budget 100GiB, --exclude-brokers 4,5,
 * --strict. Values are checked here, so a typo fails before anything connects to a cluster.
 */
import type { Command } from 'commander';
import type { PlanOptions } from '../planner/index.js';
import { parseSize } from '../spec/index.js';
import { EXIT, ExitError } from './exit.js';

/** The flags as commander hands them over (strings, booleans). */
export interface PlanningFlags {
  throttle?: string;
  maxMovesPerBroker?: string;
  maxBytesPerBatch?: string;
  budget?: string;
  excludeBrokers?: string;
  strict?: boolean;
}

/** Every planner option the flags can set; plan() and planRebalance() both accept these. */
export type PlanningOptions = Pick<
  PlanOptions,
  'throttleBytesPerSec' | 'maxMovesPerBroker' | 'maxBytesPerBatch' | 'budgetBytes' | 'excludedBrokers' | 'strict'
>;

export function addPlanningFlags(cmd: Command): Command {
  return cmd
    .option('--throttle <rate>', 'replication throttle per broker for the reassignment preview, e.g. 50MiB/s (default: unthrottled)')
    .option('--max-moves-per-broker <n>', 'most concurrent partition moves touching one broker in a batch (default 5)')
    .option('--max-bytes-per-batch <size>', 'most bytes copied by one batch of moves, e.g. 10GiB (default: no limit)')
    .option('--budget <size>', 'warn when the reassignment copies more than this, e.g. 100GiB')
    .option('--exclude-brokers <ids>', 'decommission: move every replica off these brokers, e.g. 4,5')
    .option('--strict', 'treat every plan warning as an error');
}

function fail(flag: string, text: string, expected: string): never {
  throw new ExitError(EXIT.error, `${flag}: "${text}" is not ${expected}`);
}

/** "50MiB/s", "50MiB", "52428800" → bytes per second (≥ 1: a throttle of 0 would stop replication). */
export function parseRate(flag: string, text: string): number {
  const bytes = parseSize(text.trim().replace(/\s*\/\s*s(ec)?$/i, ''));
  if (bytes === null || bytes < 1) fail(flag, text, 'a rate of at least 1 byte per second such as 50MiB/s');
  return bytes;
}

/** "10GiB", "1GB", "1048576" → bytes (≥ min). */
export function parseByteSize(flag: string, text: string, min: number): number {
  const bytes = parseSize(text);
  if (bytes === null || bytes < min) fail(flag, text, `a size of at least ${min} byte(s) such as 10GiB`);
  return bytes;
}

export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text.trim());
  if (!/^\s*\d+\s*$/.test(text) || !Number.isSafeInteger(n) || n < 1) fail(flag, text, 'a whole number ≥ 1');
  return n;
}

/** "4,5" → [4, 5]. */
export function parseBrokerIds(flag: string, text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d+$/.test(p)) || parts.length === 0) fail(flag, text, 'a comma-separated list of broker ids such as 4,5');
  return parts.map(Number);
}

export function planningOptions(flags: PlanningFlags): PlanningOptions {
  const out: { -readonly [K in keyof PlanningOptions]: PlanningOptions[K] } = {};
  if (flags.throttle !== undefined) out.throttleBytesPerSec = parseRate('--throttle', flags.throttle);
  if (flags.maxMovesPerBroker !== undefined) out.maxMovesPerBroker = parsePositiveInt('--max-moves-per-broker', flags.maxMovesPerBroker);
  if (flags.maxBytesPerBatch !== undefined) out.maxBytesPerBatch = parseByteSize('--max-bytes-per-batch', flags.maxBytesPerBatch, 1);
  if (flags.budget !== undefined) out.budgetBytes = parseByteSize('--budget', flags.budget, 0);
  if (flags.excludeBrokers !== undefined) out.excludedBrokers = parseBrokerIds('--exclude-brokers', flags.excludeBrokers);
  if (flags.strict) out.strict = true;
  return out;
}
