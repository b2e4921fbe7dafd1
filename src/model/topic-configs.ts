/**
 * Kafka's topic-level configs: names, types, defaults, valid ranges and broker synonyms, as Apache Kafka
 * defines them (LogConfig.java, TopicConfig.java, ServerTopicConfigSynonyms.java; see
 * ../shared/kafka-spec/topic-configs.md). Shared by the spec validator, the planner and the built-in broker,
 * so all three agree on what a value means. Pure data and pure functions.
 */

export const KAFKA_CONFIG_TYPES = ['BOOLEAN', 'STRING', 'INT', 'SHORT', 'LONG', 'DOUBLE', 'LIST', 'CLASS', 'PASSWORD'] as const;
export type KafkaConfigType = (typeof KAFKA_CONFIG_TYPES)[number];

export interface TopicConfigDef {
  readonly name: string;
  readonly type: KafkaConfigType;
  /** Kafka's default in its string form; null where Kafka has none. */
  readonly default: string | null;
  /** Broker properties whose value becomes the topic default, highest priority first. */
  readonly brokerSynonyms: readonly string[];
  /** Lets the YAML say 7d or 1GiB. */
  readonly unit?: 'ms' | 'bytes';
  readonly doc: string;
  /** Inclusive numeric bounds (INT, LONG, DOUBLE). */
  readonly min?: number;
  readonly max?: number;
  /** Allowed values (STRING) or allowed list elements (LIST). */
  readonly oneOf?: readonly string[];
  /** Extra value rule: returns the reason ("Value must be …") or null. */
  readonly check?: (value: string) => string | null;
}

const LONG_MAX = '9223372036854775807';
const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

const THROTTLED_REPLICAS_RE = /^([0-9]+:[0-9]+)?$/;
function checkThrottledReplicas(value: string): string | null {
  if (value.trim() === '*') return null;
  const ok = value.split(',').every((item) => THROTTLED_REPLICAS_RE.test(item.trim()));
  return ok
    ? null
    : "must be the literal '*' or a list of replicas in the following format: [partitionId]:[brokerId],[partitionId]:[brokerId],...";
}

function def(
  name: string,
  type: KafkaConfigType,
  defaultValue: string | null,
  brokerSynonyms: readonly string[],
  doc: string,
  extra: Partial<Pick<TopicConfigDef, 'unit' | 'min' | 'max' | 'oneOf' | 'check'>> = {},
): TopicConfigDef {
  return { name, type, default: defaultValue, brokerSynonyms, doc, ...extra };
}

const DEFS: readonly TopicConfigDef[] = [
  def('cleanup.policy', 'LIST', 'delete', ['log.cleanup.policy'],
    'delete drops old segments by time or size; compact keeps the latest value per key.', { oneOf: ['compact', 'delete'] }),
  def('retention.ms', 'LONG', '604800000', ['log.retention.ms', 'log.retention.minutes', 'log.retention.hours'],
    'Maximum age of a segment before it is deleted (delete policy); -1 means no time limit.', { unit: 'ms', min: -1 }),
  def('retention.bytes', 'LONG', '-1', ['log.retention.bytes'],
    'Maximum size of a partition before old segments are deleted; -1 means no size limit.', { unit: 'bytes' }),
  def('segment.bytes', 'INT', '1073741824', ['log.segment.bytes'], 'Segment file size.', { unit: 'bytes', min: 14 }),
  def('segment.ms', 'LONG', '604800000', ['log.roll.ms', 'log.roll.hours'],
    'Roll a new segment after this time even if it is not full.', { unit: 'ms', min: 1 }),
  def('segment.jitter.ms', 'LONG', '0', ['log.roll.jitter.ms', 'log.roll.jitter.hours'],
    'Maximum random jitter subtracted from segment.ms.', { unit: 'ms', min: 0 }),
  def('segment.index.bytes', 'INT', '10485760', ['log.index.size.max.bytes'], 'Offset index size.', { unit: 'bytes', min: 4 }),
  def('index.interval.bytes', 'INT', '4096', ['log.index.interval.bytes'],
    'Bytes between offset-index entries.', { unit: 'bytes', min: 0 }),
  def('flush.messages', 'LONG', LONG_MAX, ['log.flush.interval.messages'], 'fsync the log every N messages.', { min: 1 }),
  def('flush.ms', 'LONG', LONG_MAX, ['log.flush.interval.ms', 'log.flush.scheduler.interval.ms'],
    'fsync the log at this interval.', { unit: 'ms', min: 0 }),
  def('delete.retention.ms', 'LONG', '86400000', ['log.cleaner.delete.retention.ms'],
    'How long tombstones are kept on a compacted topic.', { unit: 'ms', min: 0 }),
  def('min.compaction.lag.ms', 'LONG', '0', ['log.cleaner.min.compaction.lag.ms'],
    'Minimum age of a message before it may be compacted.', { unit: 'ms', min: 0 }),
  def('max.compaction.lag.ms', 'LONG', LONG_MAX, ['log.cleaner.max.compaction.lag.ms'],
    'Maximum time a message stays ineligible for compaction.', { unit: 'ms', min: 1 }),
  def('min.cleanable.dirty.ratio', 'DOUBLE', '0.5', ['log.cleaner.min.cleanable.ratio'],
    'Dirty/total ratio of the log that triggers cleaning.', { min: 0, max: 1 }),
  def('file.delete.delay.ms', 'LONG', '60000', ['log.segment.delete.delay.ms'],
    'Delay before a deleted segment file is removed from disk.', { unit: 'ms', min: 0 }),
  def('max.message.bytes', 'INT', '1048588', ['message.max.bytes'],
    'Largest record batch size allowed (after compression).', { unit: 'bytes', min: 0 }),
  def('compression.type', 'STRING', 'producer', ['compression.type'], "Final compression codec; 'producer' keeps the producer's codec.",
    { oneOf: ['uncompressed', 'zstd', 'lz4', 'snappy', 'gzip', 'producer'] }),
  def('compression.gzip.level', 'INT', '-1', ['compression.gzip.level'], 'gzip level (1..9, or -1 for the codec default).', {
    check: (v) => (v === '-1' || (Number(v) >= 1 && Number(v) <= 9) ? null : 'Value must be between 1 and 9, or -1'),
  }),
  def('compression.lz4.level', 'INT', '9', ['compression.lz4.level'], 'lz4 level.', { min: 1, max: 17 }),
  def('compression.zstd.level', 'INT', '3', ['compression.zstd.level'], 'zstd level.', { min: -131072, max: 22 }),
  def('unclean.leader.election.enable', 'BOOLEAN', 'false', ['unclean.leader.election.enable'],
    'Allow replicas outside the ISR to become leader (may lose data).'),
  def('min.insync.replicas', 'INT', '1', ['min.insync.replicas'],
    'Minimum ISR size for an acks=all write to succeed.', { min: 1 }),
  def('message.timestamp.type', 'STRING', 'CreateTime', ['log.message.timestamp.type'],
    'Whether record timestamps are the producer\'s (CreateTime) or the broker\'s (LogAppendTime).', { oneOf: ['CreateTime', 'LogAppendTime'] }),
  def('message.timestamp.before.max.ms', 'LONG', LONG_MAX, ['log.message.timestamp.before.max.ms'],
    'Maximum allowed broker time minus record timestamp.', { unit: 'ms', min: 0 }),
  def('message.timestamp.after.max.ms', 'LONG', LONG_MAX, ['log.message.timestamp.after.max.ms'],
    'Maximum allowed record timestamp minus broker time.', { unit: 'ms', min: 0 }),
  def('message.timestamp.difference.max.ms', 'LONG', LONG_MAX, ['log.message.timestamp.difference.max.ms'],
    'Deprecated since Kafka 3.6.', { unit: 'ms', min: 0 }),
  def('message.format.version', 'STRING', '3.0-IV1', ['log.message.format.version'], 'Deprecated; ignored since Kafka 3.0.'),
  def('message.downconversion.enable', 'BOOLEAN', 'true', ['log.message.downconversion.enable'],
    'Whether old-format fetch requests are served by down-conversion.'),
  def('preallocate', 'BOOLEAN', 'false', ['log.preallocate'], 'Preallocate segment files.'),
  def('leader.replication.throttled.replicas', 'LIST', '', [],
    'Replicas (partition:broker) whose replication is throttled on the leader side, or *.', { check: checkThrottledReplicas }),
  def('follower.replication.throttled.replicas', 'LIST', '', [],
    'Replicas (partition:broker) whose replication is throttled on the follower side, or *.', { check: checkThrottledReplicas }),
  def('remote.storage.enable', 'BOOLEAN', 'false', [], 'Tiered storage for this topic.'),
  def('local.retention.ms', 'LONG', '-2', ['log.local.retention.ms'],
    'Local-tier retention; -2 means use retention.ms.', { unit: 'ms', min: -2 }),
  def('local.retention.bytes', 'LONG', '-2', ['log.local.retention.bytes'],
    'Local-tier retention; -2 means use retention.bytes.', { unit: 'bytes', min: -2 }),
  def('remote.log.copy.disable', 'BOOLEAN', 'false', [], 'Stop copying segments to remote storage.'),
  def('remote.log.delete.on.disable', 'BOOLEAN', 'false', [], 'Delete remote data when tiered storage is disabled.'),
];

export const TOPIC_CONFIGS: ReadonlyMap<string, TopicConfigDef> = new Map(DEFS.map((d) => [d.name, d]));

/** Configs that hold replica lists owned by reassignments, never by the YAML. */
export const THROTTLED_REPLICA_CONFIGS = [
  'leader.replication.throttled.replicas',
  'follower.replication.throttled.replicas',
] as const;

const INTEGER_RE = /^[+-]?\d+$/;

/** Parse a value of a numeric Kafka type; returns the reason on failure (Kafka's wording). */
function parseNumber(type: KafkaConfigType, value: string): { ok: true; n: number; big?: bigint } | { ok: false; reason: string } {
  const v = value.trim();
  if (type === 'DOUBLE') {
    const n = Number(v);
    return v !== '' && Number.isFinite(n) ? { ok: true, n } : { ok: false, reason: 'Not a number of type DOUBLE' };
  }
  if (!INTEGER_RE.test(v)) return { ok: false, reason: `Not a number of type ${type}` };
  const big = BigInt(v);
  const [lo, hi] =
    type === 'INT' ? [BigInt(INT_MIN), BigInt(INT_MAX)] : type === 'SHORT' ? [-32768n, 32767n] : [-(2n ** 63n), 2n ** 63n - 1n];
  if (big < lo || big > hi) return { ok: false, reason: `Not a number of type ${type}` };
  return { ok: true, n: Number(big), big };
}

function boundReason(d: TopicConfigDef, n: number): string | null {
  if (d.min !== undefined && d.max !== undefined && (n < d.min || n > d.max)) {
    return `Value must be between ${d.min} and ${d.max}`;
  }
  if (d.min !== undefined && n < d.min) return `Value must be at least ${d.min}`;
  if (d.max !== undefined && n > d.max) return `Value must be no more than ${d.max}`;
  return null;
}

/** Why `value` is not valid for `d`, in Kafka's words, or null. */
function invalidReason(d: TopicConfigDef, value: string): string | null {
  switch (d.type) {
    case 'BOOLEAN': {
      const v = value.trim().toLowerCase();
      return v === 'true' || v === 'false' ? null : 'Expected value to be either true or false';
    }
    case 'INT':
    case 'SHORT':
    case 'LONG':
    case 'DOUBLE': {
      const parsed = parseNumber(d.type, value);
      if (!parsed.ok) return parsed.reason;
      return boundReason(d, parsed.n) ?? d.check?.(value.trim()) ?? null;
    }
    case 'LIST': {
      if (d.oneOf) {
        const items = splitList(value);
        if (items.length === 0) return `Empty list is not allowed; valid values are: ${d.oneOf.join(', ')}`;
        const bad = items.find((i) => !d.oneOf!.includes(i));
        if (bad !== undefined) return `String must be one of: ${d.oneOf.join(', ')}`;
      }
      return d.check?.(value) ?? null;
    }
    default:
      if (d.oneOf && !d.oneOf.includes(value.trim())) return `String must be one of: ${d.oneOf.join(', ')}`;
      return d.check?.(value) ?? null;
  }
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/** null when valid; else Kafka's message, e.g. "Invalid value -5 for configuration retention.ms: Value must be at least -1". */
export function validateTopicConfigValue(name: string, value: string): string | null {
  const d = TOPIC_CONFIGS.get(name);
  if (!d) return `Unknown topic config name: ${name}`;
  const reason = invalidReason(d, value);
  return reason === null ? null : `Invalid value ${value} for configuration ${name}: ${reason}`;
}

/**
 * Canonical string form for comparing values: numbers without sign or leading zeros, booleans lower-case,
 * lists trimmed (cleanup.policy and replica lists sorted and de-duplicated, since their order carries no meaning).
 * Unknown names and unparsable values come back trimmed but otherwise unchanged.
 */
export function normaliseTopicConfigValue(name: string, value: string): string {
  const d = TOPIC_CONFIGS.get(name);
  const v = value.trim();
  if (!d) return v;
  switch (d.type) {
    case 'BOOLEAN':
      return v.toLowerCase();
    case 'INT':
    case 'SHORT':
    case 'LONG':
      return INTEGER_RE.test(v) ? BigInt(v).toString() : v;
    case 'DOUBLE': {
      const n = Number(v);
      return v !== '' && Number.isFinite(n) ? String(n) : v;
    }
    case 'LIST':
      if (v === '*') return v;
      return [...new Set(splitList(v))].sort().join(',');
    default:
      return v;
  }
}

/** Kafka's cross-field checks on one topic's configs (LogConfig.validate). Returns messages; empty when consistent. */
export function crossCheckTopicConfigs(configs: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  const minLag = configs['min.compaction.lag.ms'] ?? TOPIC_CONFIGS.get('min.compaction.lag.ms')!.default!;
  const maxLag = configs['max.compaction.lag.ms'] ?? TOPIC_CONFIGS.get('max.compaction.lag.ms')!.default!;
  if (INTEGER_RE.test(minLag.trim()) && INTEGER_RE.test(maxLag.trim()) && BigInt(minLag.trim()) > BigInt(maxLag.trim())) {
    problems.push(
      `conflict topic config setting min.compaction.lag.ms (${minLag.trim()}) > max.compaction.lag.ms (${maxLag.trim()})`,
    );
  }
  const remote = configs['remote.storage.enable']?.trim().toLowerCase() === 'true';
  if (remote && (configs['cleanup.policy'] ?? '').includes('compact')) {
    problems.push('Remote log storage is unsupported for the compacted topics');
  }
  return problems;
}

/** The default value of a topic config (its catalogue default), or undefined for unknown names. */
export function topicConfigDefault(name: string): string | null | undefined {
  return TOPIC_CONFIGS.get(name)?.default;
}
