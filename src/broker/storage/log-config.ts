/**
 * The topic configs the log reads, as numbers. Built from Kafka topic config strings with the
 * catalogue's defaults (src/model/topic-configs.ts), so the storage layer and DescribeConfigs agree.
 * Long.MAX (9223372036854775807) becomes 9.223372036854776e18, which compares as "never".
 */
import { topicConfigDefault, validateTopicConfigValue } from '../../model/topic-configs.js';
import { InvalidConfigError } from './errors.js';

export interface LogConfig {
  readonly segmentBytes: number;
  readonly segmentMs: number;
  readonly segmentIndexBytes: number;
  readonly indexIntervalBytes: number;
  readonly flushMessages: number;
  readonly flushMs: number;
  readonly retentionMs: number;
  readonly retentionBytes: number;
  readonly cleanupPolicyDelete: boolean;
  readonly cleanupPolicyCompact: boolean;
  readonly deleteRetentionMs: number;
  readonly minCompactionLagMs: number;
  readonly maxCompactionLagMs: number;
  readonly minCleanableDirtyRatio: number;
  readonly maxMessageBytes: number;
  readonly messageTimestampType: 'CreateTime' | 'LogAppendTime';
  readonly messageTimestampBeforeMaxMs: number;
  readonly messageTimestampAfterMaxMs: number;
  /** Broker-side codec: 'producer' keeps the producer's; 'uncompressed'/'gzip' re-encode; others are stored as produced. */
  readonly compressionType: string;
}

/** Topic config names the log uses (others are ignored here). */
export const LOG_CONFIG_NAMES = [
  'segment.bytes',
  'segment.ms',
  'segment.index.bytes',
  'index.interval.bytes',
  'flush.messages',
  'flush.ms',
  'retention.ms',
  'retention.bytes',
  'cleanup.policy',
  'delete.retention.ms',
  'min.compaction.lag.ms',
  'max.compaction.lag.ms',
  'min.cleanable.dirty.ratio',
  'max.message.bytes',
  'message.timestamp.type',
  'message.timestamp.before.max.ms',
  'message.timestamp.after.max.ms',
  'compression.type',
] as const;

function valueOf(configs: Readonly<Record<string, string>>, name: string): string {
  const v = configs[name] ?? topicConfigDefault(name);
  if (v === undefined || v === null) throw new InvalidConfigError(`No value or default for configuration ${name}`);
  const problem = validateTopicConfigValue(name, v);
  if (problem !== null) throw new InvalidConfigError(problem);
  return v.trim();
}

/** Builds a LogConfig from topic config strings (missing names take Kafka's defaults). Throws InvalidConfigError. */
export function logConfigFromTopicConfigs(configs: Readonly<Record<string, string>> = {}): LogConfig {
  const num = (name: string): number => Number(valueOf(configs, name));
  const policy = valueOf(configs, 'cleanup.policy')
    .split(',')
    .map((s) => s.trim().toLowerCase());
  const minLag = num('min.compaction.lag.ms');
  const maxLag = num('max.compaction.lag.ms');
  if (minLag > maxLag) {
    throw new InvalidConfigError(`conflict topic config setting min.compaction.lag.ms (${minLag}) > max.compaction.lag.ms (${maxLag})`);
  }
  return {
    segmentBytes: num('segment.bytes'),
    segmentMs: num('segment.ms'),
    segmentIndexBytes: num('segment.index.bytes'),
    indexIntervalBytes: num('index.interval.bytes'),
    flushMessages: num('flush.messages'),
    flushMs: num('flush.ms'),
    retentionMs: num('retention.ms'),
    retentionBytes: num('retention.bytes'),
    cleanupPolicyDelete: policy.includes('delete'),
    cleanupPolicyCompact: policy.includes('compact'),
    deleteRetentionMs: num('delete.retention.ms'),
    minCompactionLagMs: minLag,
    maxCompactionLagMs: maxLag,
    minCleanableDirtyRatio: num('min.cleanable.dirty.ratio'),
    maxMessageBytes: num('max.message.bytes'),
    messageTimestampType: valueOf(configs, 'message.timestamp.type') === 'LogAppendTime' ? 'LogAppendTime' : 'CreateTime',
    messageTimestampBeforeMaxMs: num('message.timestamp.before.max.ms'),
    messageTimestampAfterMaxMs: num('message.timestamp.after.max.ms'),
    compressionType: valueOf(configs, 'compression.type'),
  };
}

/** Kafka's defaults for every field. */
export const DEFAULT_LOG_CONFIG: LogConfig = logConfigFromTopicConfigs({});

/**
 * Kafka's LogConfig.maxSegmentMs: on a compacted topic the active segment also rolls at
 * max.compaction.lag.ms, so records can become cleanable in time.
 */
export function maxSegmentMs(config: LogConfig): number {
  if (config.cleanupPolicyCompact && config.maxCompactionLagMs > 0) return Math.min(config.maxCompactionLagMs, config.segmentMs);
  return config.segmentMs;
}
