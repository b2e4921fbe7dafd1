/**
 * Balanced targets ("shares") and the move lower bound. With T units over n active brokers every active broker
 * gets floor(T/n), and T mod n of them one more: those that hold most now (ties: lower id), which makes the
 * lower bound — Σ over brokers of the units above the share — as small as any ±1 target allows.
 */

export interface ShareInput {
  /** Units per broker now (replicas or preferred leaders). */
  readonly counts: Int32Array;
  /** 1 = takes part in the balance (receives). */
  readonly active: Uint8Array;
  /** 1 = must be emptied. */
  readonly excluded: Uint8Array;
  /** Units on each broker that can never move (fixed topics); an excluded broker keeps these. */
  readonly fixed: Int32Array;
}

/**
 * Target per broker: active brokers share every unit that sits on an active broker or can leave an excluded one;
 * an excluded broker's target is its fixed units; any other broker (offline, unknown) keeps its count.
 */
export function balancedShares({ counts, active, excluded, fixed }: ShareInput): Int32Array {
  const nb = counts.length;
  const shares = new Int32Array(nb);
  let total = 0;
  const members: number[] = [];
  for (let b = 0; b < nb; b++) {
    if (active[b]) {
      total += counts[b];
      members.push(b);
    } else if (excluded[b]) {
      total += counts[b] - fixed[b];
      shares[b] = fixed[b];
    } else {
      shares[b] = counts[b];
    }
  }
  if (members.length === 0) {
    for (let b = 0; b < nb; b++) if (excluded[b]) shares[b] = counts[b];
    return shares;
  }
  const floor = Math.floor(total / members.length);
  const extra = total % members.length;
  members.sort((a, b) => counts[b] - counts[a] || a - b);
  members.forEach((b, i) => (shares[b] = floor + (i < extra ? 1 : 0)));
  return shares;
}

/** Σ over brokers of the units above the share: no plan that reaches the shares moves fewer. */
export function unitsAboveShare(counts: Int32Array, shares: Int32Array): number {
  let sum = 0;
  for (let b = 0; b < counts.length; b++) if (counts[b] > shares[b]) sum += counts[b] - shares[b];
  return sum;
}
