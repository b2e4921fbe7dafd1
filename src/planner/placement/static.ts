/**
 * `static`: the YAML's replicaAssignment, checked (one list per partition, RF distinct eligible brokers, partitions
 * that exist keep their index). Returns it as written; placement is the user's decision.
 */
import { checkPlacementInput } from './input-checks.js';
import type { PlacementInput, PlacementResult, PlacementStrategy } from './types.js';

export const staticPlacement: PlacementStrategy = {
  name: 'static',
  assign(input: PlacementInput): PlacementResult {
    const problem = checkPlacementInput(input);
    if (problem !== null) return { ok: false, message: problem };
    const wanted = input.replicaAssignment;
    if (wanted === undefined) return { ok: false, message: `placement static needs a replicaAssignment for topic ${input.topic}` };
    if (wanted.length !== input.partitions) {
      return { ok: false, message: `replicaAssignment lists ${wanted.length} partitions but the topic has ${input.partitions}` };
    }
    const eligible = new Set(input.brokers.map((b) => b.id));
    for (let p = 0; p < wanted.length; p++) {
      const replicas = wanted[p];
      if (replicas.length !== input.replicationFactor) {
        return { ok: false, message: `partition ${p} has ${replicas.length} replicas but the replication factor is ${input.replicationFactor}` };
      }
      if (new Set(replicas).size !== replicas.length) {
        return { ok: false, message: `partition ${p} lists a broker more than once: [${replicas.join(', ')}]` };
      }
      const outside = replicas.filter((b) => !eligible.has(b));
      if (outside.length > 0) return { ok: false, message: `partition ${p} uses brokers that are not eligible: ${outside.join(', ')}` };
    }
    return { ok: true, assignment: wanted.map((r) => [...r]) };
  },
};
