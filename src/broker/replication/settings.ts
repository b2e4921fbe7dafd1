/** Replication settings (Kafka's broker config names and defaults) and the per-partition error the data path answers. */
import { StorageError } from '../storage/index.js';

export interface ReplicationSettings {
  /** replica.lag.time.max.ms (Kafka default 30000). */
  readonly replicaLagTimeMaxMs: number;
  /** replica.fetch.wait.max.ms (Kafka default 500). */
  readonly replicaFetchWaitMaxMs: number;
  /** replica.fetch.max.bytes per partition (Kafka default 1 MiB) and replica.fetch.response.max.bytes (10 MiB). */
  readonly replicaFetchMaxBytes: number;
  readonly replicaFetchResponseMaxBytes: number;
  /** log.retention.check.interval.ms (Kafka default 300000): retention, compaction and checkpoints. */
  readonly maintenanceIntervalMs: number;
  /** How often logs with unflushed data are fsynced and high watermarks checkpointed (storage README: 60 s). */
  readonly checkpointIntervalMs: number;
}

export const DEFAULT_REPLICATION_SETTINGS: ReplicationSettings = {
  replicaLagTimeMaxMs: 30_000,
  replicaFetchWaitMaxMs: 500,
  replicaFetchMaxBytes: 1024 * 1024,
  replicaFetchResponseMaxBytes: 10 * 1024 * 1024,
  maintenanceIntervalMs: 300_000,
  checkpointIntervalMs: 60_000,
};

/** An error answer for one partition. */
export class PartitionError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'PartitionError';
  }
}

export function storageErrorCode(e: unknown): number | null {
  if (e instanceof PartitionError) return e.code;
  if (e instanceof StorageError) return e.code;
  return null;
}
