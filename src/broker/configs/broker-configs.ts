/**
 * The broker configs the built-in cluster knows: the broker synonyms of every topic config (log.retention.ms,
 * log.retention.hours, message.max.bytes…, dynamically updatable cluster-wide or per broker, as in Kafka's
 * DynamicLogConfig), the replication throttle rates (dynamic only, QuotaConfig), and a few read-only ones
 * (broker.id, broker.rack, num.partitions, default.replication.factor, auto.create.topics.enable…).
 * Defaults are Kafka's (ServerLogConfigs, QuotaConfig); the built-in cluster's own static settings are in
 * `staticBrokerConfigs`.
 */
import { TOPIC_CONFIGS, validateTopicConfigValue, type KafkaConfigType } from '../../model/topic-configs.js';

export type BrokerConfigMode = 'read-only' | 'dynamic';

export interface BrokerConfigDef {
  readonly name: string;
  readonly type: KafkaConfigType;
  readonly default: string | null;
  readonly mode: BrokerConfigMode;
  readonly doc: string;
  /** The topic config this broker config supplies the default of, if any. */
  readonly topicConfig?: string;
}

const LONG_MAX = '9223372036854775807';

/** Broker synonyms whose type/default differ from the topic config they feed (ServerLogConfigs). */
const SYNONYM_OVERRIDES: Readonly<Record<string, Pick<BrokerConfigDef, 'type' | 'default'>>> = {
  'log.retention.ms': { type: 'LONG', default: null },
  'log.retention.minutes': { type: 'INT', default: null },
  'log.retention.hours': { type: 'INT', default: '168' },
  'log.roll.ms': { type: 'LONG', default: null },
  'log.roll.hours': { type: 'INT', default: '168' },
  'log.roll.jitter.ms': { type: 'LONG', default: null },
  'log.roll.jitter.hours': { type: 'INT', default: '0' },
  'log.flush.interval.ms': { type: 'LONG', default: null },
  'log.flush.scheduler.interval.ms': { type: 'LONG', default: LONG_MAX },
};

const OWN_DEFS: readonly BrokerConfigDef[] = [
  { name: 'broker.id', type: 'INT', default: '-1', mode: 'read-only', doc: 'The broker id.' },
  { name: 'broker.rack', type: 'STRING', default: null, mode: 'read-only', doc: 'Rack of the broker, used for rack-aware replica placement.' },
  { name: 'num.partitions', type: 'INT', default: '1', mode: 'read-only', doc: 'Default number of partitions of a new topic.' },
  { name: 'default.replication.factor', type: 'INT', default: '1', mode: 'read-only', doc: 'Default replication factor of a new topic.' },
  { name: 'auto.create.topics.enable', type: 'BOOLEAN', default: 'true', mode: 'read-only', doc: 'Create topics on first metadata request.' },
  { name: 'delete.topic.enable', type: 'BOOLEAN', default: 'true', mode: 'read-only', doc: 'Allow topics to be deleted.' },
  {
    name: 'remote.log.storage.system.enable', type: 'BOOLEAN', default: 'false', mode: 'read-only',
    doc: 'Whether tiered storage is enabled on the broker.',
  },
  {
    name: 'leader.replication.throttled.rate', type: 'LONG', default: LONG_MAX, mode: 'dynamic',
    doc: 'Bytes/s cap on replication traffic sent by this broker for the replicas listed in leader.replication.throttled.replicas. Can only be set dynamically.',
  },
  {
    name: 'follower.replication.throttled.rate', type: 'LONG', default: LONG_MAX, mode: 'dynamic',
    doc: 'Bytes/s cap on replication traffic fetched by this broker for the replicas listed in follower.replication.throttled.replicas. Can only be set dynamically.',
  },
  {
    name: 'replica.alter.log.dirs.io.max.bytes.per.second', type: 'LONG', default: LONG_MAX, mode: 'dynamic',
    doc: 'Bytes/s cap on moving replicas between log directories of this broker. Can only be set dynamically.',
  },
];

function synonymDefs(): BrokerConfigDef[] {
  const defs: BrokerConfigDef[] = [];
  const seen = new Set<string>();
  for (const topic of TOPIC_CONFIGS.values()) {
    for (const name of topic.brokerSynonyms) {
      if (seen.has(name)) continue;
      seen.add(name);
      const o = SYNONYM_OVERRIDES[name];
      defs.push({
        name,
        type: o?.type ?? topic.type,
        default: o ? o.default : topic.default,
        mode: 'dynamic',
        doc: `Broker default for the topic config ${topic.name}. ${topic.doc}`,
        topicConfig: topic.name,
      });
    }
  }
  return defs;
}

export const BROKER_CONFIGS: ReadonlyMap<string, BrokerConfigDef> = new Map(
  [...OWN_DEFS, ...synonymDefs()].map((d) => [d.name, d] as const),
);

/** The built-in cluster's static broker settings (Kafka: server.properties), reported as STATIC_BROKER_CONFIG. */
export function staticBrokerConfigs(broker: { readonly id: number; readonly rack: string | null }): ReadonlyMap<string, string> {
  const m = new Map<string, string>([
    ['broker.id', String(broker.id)],
    ['auto.create.topics.enable', 'false'],
  ]);
  if (broker.rack !== null) m.set('broker.rack', broker.rack);
  return m;
}

/**
 * Kafka's synonym chain of a broker config (DynamicBrokerConfig.brokerConfigSynonyms): the name itself, then the
 * lower-priority names that supply its value when it is unset (log.retention.ms → minutes → hours).
 */
export function brokerConfigSynonyms(name: string): string[] {
  const topic = BROKER_CONFIGS.get(name)?.topicConfig;
  const chain = topic ? TOPIC_CONFIGS.get(topic)?.brokerSynonyms ?? [] : [];
  const at = chain.indexOf(name);
  return at < 0 ? [name] : chain.slice(at);
}

/** Converts a broker synonym's value to the unit of the topic config it feeds (hours/minutes → ms). */
export function synonymValueToTopicUnit(synonym: string, value: string): string {
  const factor = synonym.endsWith('.hours') ? 3_600_000n : synonym.endsWith('.minutes') ? 60_000n : 1n;
  if (factor === 1n) return value;
  const v = value.trim();
  return /^[+-]?\d+$/.test(v) ? (BigInt(v) * factor).toString() : value;
}

/** Why `value` is not valid for broker config `name` (Kafka's "Invalid value … for configuration …" text), or null. */
export function validateBrokerConfigValue(name: string, value: string): string | null {
  const d = BROKER_CONFIGS.get(name);
  if (!d) return null; // Kafka stores unknown (custom) broker configs without checking them.
  const prefix = `Invalid value ${value} for configuration ${name}: `;
  if (d.topicConfig && !SYNONYM_OVERRIDES[name]) {
    const msg = validateTopicConfigValue(d.topicConfig, value);
    return msg === null ? null : prefix + msg.slice(msg.indexOf(': ') + 2);
  }
  const v = value.trim();
  switch (d.type) {
    case 'INT':
    case 'LONG': {
      if (!/^[+-]?\d+$/.test(v)) return `${prefix}Not a number of type ${d.type}`;
      const n = BigInt(v);
      const [lo, hi] = d.type === 'INT' ? [-(2n ** 31n), 2n ** 31n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
      if (n < lo || n > hi) return `${prefix}Not a number of type ${d.type}`;
      if (d.mode === 'dynamic' && !d.topicConfig && n < 0n) return `${prefix}Value must be at least 0`;
      return null;
    }
    case 'BOOLEAN':
      return v.toLowerCase() === 'true' || v.toLowerCase() === 'false' ? null : `${prefix}Expected value to be either true or false`;
    default:
      return null;
  }
}
