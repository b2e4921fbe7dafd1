/**
 * Replica placement strategies, by the name the YAML uses (`placement: balanced | rack-aware | static`).
 * Each strategy is `assign(input) → replica lists`, pure and deterministic, with minimal movement.
 */
import { balanced } from './balanced.js';
import { rackAware } from './rack-aware.js';
import { staticPlacement } from './static.js';
import type { PlacementStrategy } from './types.js';

export const PLACEMENT_STRATEGY_NAMES = ['balanced', 'rack-aware', 'static'] as const;
export type PlacementStrategyName = (typeof PLACEMENT_STRATEGY_NAMES)[number];

export const PLACEMENT_STRATEGIES: Readonly<Record<PlacementStrategyName, PlacementStrategy>> = {
  balanced,
  'rack-aware': rackAware,
  static: staticPlacement,
};

export function isPlacementStrategyName(name: string): name is PlacementStrategyName {
  return (PLACEMENT_STRATEGY_NAMES as readonly string[]).includes(name);
}

/** The strategy for a YAML value, or undefined when the name is unknown. */
export function placementStrategy(name: string): PlacementStrategy | undefined {
  return isPlacementStrategyName(name) ? PLACEMENT_STRATEGIES[name] : undefined;
}

export type { PlacementBroker, PlacementInput, PlacementResult, PlacementStrategy, ReplicaAssignment } from './types.js';
export { checkAssignment, countMoves, type AssignmentCheck } from './invariants.js';
