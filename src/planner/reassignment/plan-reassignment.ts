/**
 * planReassignment(input) → Reassignment: checks and classifies the moves, batches them, computes throttles,
 * durations, the per-broker before/after table, warnings and the summary. Pure and deterministic: no I/O, no
 * clock; the same moves in any order give a deep-equal result; inputs are never mutated.
 */
import { compareIssues } from '../issues.js';
import type { PlanIssue } from '../plan.js';
import { buildBatches } from './batching.js';
import { brokerLoadTable } from './broker-load.js';
import { analyseMoves, compareMoves } from './moves.js';
import {
  DEFAULT_MAX_MOVES_PER_BROKER,
  reassignmentIssue,
  type PlannedMove,
  type Reassignment,
  type ReassignmentInput,
  type ReassignmentOptions,
  type ResolvedReassignmentOptions,
} from './types.js';
import { formatBytes } from './units.js';

type NumericOption = keyof ReassignmentOptions;

/** Smallest allowed value per option: a throttle of 0 would stop replication (Kafka accepts it; we refuse it). */
const MINIMUM: Readonly<Record<NumericOption, number>> = {
  throttleBytesPerSec: 1,
  maxMovesPerBroker: 1,
  maxBytesPerBatch: 1,
  budgetBytes: 0,
};

function checked(options: ReassignmentOptions, name: NumericOption, errors: PlanIssue[]): number | null {
  const value = options[name];
  if (value === undefined) return null;
  if (Number.isSafeInteger(value) && value >= MINIMUM[name]) return value;
  errors.push(
    reassignmentIssue(
      'invalid-reassignment-options',
      undefined,
      `${name} must be an integer ≥ ${MINIMUM[name]}, got ${value}; using the default for this preview`,
    ),
  );
  return null;
}

export function resolveReassignmentOptions(options: ReassignmentOptions = {}): {
  readonly options: ResolvedReassignmentOptions;
  readonly errors: readonly PlanIssue[];
} {
  const errors: PlanIssue[] = [];
  const resolved: ResolvedReassignmentOptions = {
    throttleBytesPerSec: checked(options, 'throttleBytesPerSec', errors),
    maxMovesPerBroker: checked(options, 'maxMovesPerBroker', errors) ?? DEFAULT_MAX_MOVES_PER_BROKER,
    maxBytesPerBatch: checked(options, 'maxBytesPerBatch', errors),
    budgetBytes: checked(options, 'budgetBytes', errors),
  };
  return { options: resolved, errors };
}

/** Bytes copied by all the moves (summed in move order), and how many only change the leader. */
function moveTotals(moves: readonly PlannedMove[]): { bytes: number; leadershipOnlyMoves: number } {
  let bytes = 0;
  let leadershipOnlyMoves = 0;
  for (let i = 0; i < moves.length; i++) {
    bytes += moves[i].bytesCopied;
    if (moves[i].kind === 'leadership-only') leadershipOnlyMoves++;
  }
  return { bytes, leadershipOnlyMoves };
}

export function planReassignment(input: ReassignmentInput): Reassignment {
  const resolved = resolveReassignmentOptions(input.options);
  const options = resolved.options;
  const analysis = analyseMoves(input.moves, input.state);
  const batches = buildBatches(analysis.moves, options);

  const { bytes, leadershipOnlyMoves } = moveTotals(analysis.moves);
  const warnings: PlanIssue[] = [];
  if (options.budgetBytes !== null && bytes > options.budgetBytes) {
    const budget = options.budgetBytes;
    const message =
      `the reassignment copies ${formatBytes(bytes)} (${bytes} bytes), ` +
      `more than the budget of ${formatBytes(budget)} (${budget} bytes)`;
    warnings.push(reassignmentIssue('reassignment-over-budget', undefined, message));
  }
  const etaSeconds =
    options.throttleBytesPerSec === null ? null : batches.reduce((sum, b) => sum + (b.durationSeconds ?? 0), 0);

  return {
    options,
    batches,
    brokers: brokerLoadTable(input.state, analysis.moves),
    errors: [...resolved.errors, ...analysis.errors].sort(compareIssues),
    warnings: warnings.sort(compareIssues),
    summary: {
      partitionMoves: analysis.moves.length,
      leadershipOnlyMoves,
      bytes,
      batches: batches.length,
      etaSeconds,
      throttleBytesPerSec: options.throttleBytesPerSec,
    },
  };
}

/** Every planned move, sorted by topic, then partition (batches hold them in execution groups). */
export function reassignmentMoves(reassignment: Reassignment): PlannedMove[] {
  return reassignment.batches.flatMap((b) => b.moves).sort(compareMoves);
}
