/**
 * `balanced`: every partition gets RF distinct eligible brokers; the topic's replicas and preferred leaders
 * are spread within ±1 over the eligible brokers; replicas that can stay, stay (fewest moves); new replicas
 * follow a round-robin from a start broker derived from the topic name (like Kafka's default assignment).
 */
import { solvePlacement } from './solve.js';
import type { PlacementInput, PlacementResult, PlacementStrategy } from './types.js';

export const balanced: PlacementStrategy = {
  name: 'balanced',
  assign(input: PlacementInput): PlacementResult {
    const order = input.brokers.map((b) => b.id).sort((a, b) => a - b);
    return solvePlacement(input, { order, rackOf: null });
  },
};
