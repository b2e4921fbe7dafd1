/**
 * The group coordinator's settings: Kafka's broker configs of the same names, with Kafka's defaults except
 * `group.initial.rebalance.delay.ms` (Kafka 3000 ms; the built-in cluster uses 100 ms so tests and local runs
 * do not wait three seconds for every new group). Tests pass shorter bounds to expire sessions quickly.
 */

export interface GroupSettings {
  /** group.min.session.timeout.ms (Kafka default 6000). */
  readonly minSessionTimeoutMs: number;
  /** group.max.session.timeout.ms (Kafka default 1800000). */
  readonly maxSessionTimeoutMs: number;
  /** group.initial.rebalance.delay.ms (Kafka default 3000; ours 100). */
  readonly initialRebalanceDelayMs: number;
  /** How long a new member's pending JoinGroup may wait (Kafka's NewMemberJoinTimeoutMs, 5 minutes). */
  readonly newMemberJoinTimeoutMs: number;
  /** offset.metadata.max.bytes (Kafka default 4096): longer commit metadata → OFFSET_METADATA_TOO_LARGE. */
  readonly offsetMetadataMaxBytes: number;
  /** offsets.topic.num.partitions (Kafka default 50): a group's coordinator is chosen from its partition. */
  readonly offsetsTopicNumPartitions: number;
  /** Rewrite offsets.jsonl once it holds this many more records than live entries (at least). */
  readonly offsetLogCompactionMinRecords: number;
}

export const DEFAULT_GROUP_SETTINGS: GroupSettings = {
  minSessionTimeoutMs: 6000,
  maxSessionTimeoutMs: 1_800_000,
  initialRebalanceDelayMs: 100,
  newMemberJoinTimeoutMs: 300_000,
  offsetMetadataMaxBytes: 4096,
  offsetsTopicNumPartitions: 50,
  offsetLogCompactionMinRecords: 1000,
};

/** Defaults overlaid with the given values; refuses values that make no sense (a programming error). */
export function groupSettings(overrides: Partial<GroupSettings> = {}): GroupSettings {
  const s = { ...DEFAULT_GROUP_SETTINGS, ...overrides };
  for (const [k, v] of Object.entries(s)) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`group setting ${k} must be a non-negative integer, got ${String(v)}`);
  }
  if (s.minSessionTimeoutMs > s.maxSessionTimeoutMs) {
    throw new RangeError(`minSessionTimeoutMs ${s.minSessionTimeoutMs} is above maxSessionTimeoutMs ${s.maxSessionTimeoutMs}`);
  }
  if (s.offsetsTopicNumPartitions < 1) throw new RangeError('offsetsTopicNumPartitions must be at least 1');
  return s;
}
