/**
 * The reassignment JSON file `kafka-reassign-partitions.sh --execute --reassignment-json-file` accepts, written
 * the way Kafka's own formatAsReassignmentJson writes it: compact, `version` 1, partitions sorted by topic then
 * partition, `log_dirs` all "any". Pure.
 */
import { compareMoves } from '../reassignment/moves.js';

export interface KafkaReassignmentEntry {
  readonly topic: string;
  readonly partition: number;
  /** Target replicas. */
  readonly to: readonly number[];
}

function render(entries: readonly { topic: string; partition: number; replicas: readonly number[] }[]): string {
  const partitions = [...entries].sort(compareMoves).map((e) => ({
    topic: e.topic,
    partition: e.partition,
    replicas: [...e.replicas],
    log_dirs: e.replicas.map(() => 'any'),
  }));
  return JSON.stringify({ version: 1, partitions });
}

/** `{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1,2,4],"log_dirs":["any","any","any"]}]}` */
export function renderKafkaReassignmentJson(moves: readonly KafkaReassignmentEntry[]): string {
  return render(moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.to })));
}

/** The same file with the current replicas: what Kafka prints as "Save this to use … during rollback". */
export function renderKafkaRollbackJson(
  moves: readonly { readonly topic: string; readonly partition: number; readonly from: readonly number[] }[],
): string {
  return render(moves.map((m) => ({ topic: m.topic, partition: m.partition, replicas: m.from })));
}
