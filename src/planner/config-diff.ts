/**
 * Config diff of one existing topic: which dynamic overrides to set, change or remove.
 *
 * topicops' ownership rule (see README.md): a config the YAML sets is topicops'; a dynamic override the YAML omits
 * goes back to the cluster default only if topicops set it (the topic's ownership record, `managedConfigs`).
 * Configs in ignoredConfigs and the replication throttle lists (owned by partition reassignments) are never touched.
 */
import type { ConfigEntryState } from '../model/cluster-state.js';
import { THROTTLED_REPLICA_CONFIGS, TOPIC_CONFIGS, normaliseTopicConfigValue } from '../model/topic-configs.js';
import type { ConfigChange } from './plan.js';
import { compareStrings } from './issues.js';

/** Topic configs that kafka-reassign-partitions (and topicops' own reassignments) set and clear. */
export const REASSIGNMENT_OWNED_CONFIGS: readonly string[] = THROTTLED_REPLICA_CONFIGS;

/** Configs topicops never sets or removes: the project's ignoredConfigs plus the throttle lists. */
export function unmanagedConfigs(ignoredConfigs: readonly string[]): ReadonlySet<string> {
  return new Set([...ignoredConfigs, ...REASSIGNMENT_OWNED_CONFIGS]);
}

/** Compare two config values the way Kafka reads them (catalogue normalisation; unknown names compare trimmed). */
export function sameConfigValue(name: string, a: string, b: string): boolean {
  // Equal text is equal after normalising too; most values in a steady cluster are exactly what the YAML says.
  return a === b || normaliseTopicConfigValue(name, a) === normaliseTopicConfigValue(name, b);
}

/** Kafka's default for a config as the catalogue knows it; null when unknown or when Kafka's default is null. */
export function catalogueDefault(name: string): string | null {
  return TOPIC_CONFIGS.get(name)?.default ?? null;
}

/**
 * Changes that make `actual` hold exactly the desired dynamic overrides.
 * @param desired the YAML's config map, already without unmanaged configs
 * @param actual every config DescribeConfigs returned for the topic
 * @param unmanaged names never set or removed
 * @param managed the configs topicops set on the topic (its ownership record); only these are ever removed
 */
export function diffTopicConfigs(
  desired: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, ConfigEntryState>>,
  unmanaged: ReadonlySet<string>,
  managed: readonly string[] = [],
): ConfigChange[] {
  const changes: ConfigChange[] = [];
  // for…in, not entries (here and in removeUnwanted): no pair per entry, no key array (V8's enum cache) and no
  // own-property check per key (config maps are plain objects, nothing enumerable is inherited).
  for (const name in desired) {
    const want = desired[name];
    if (unmanaged.has(name)) continue;
    const have = Object.hasOwn(actual, name) ? actual[name] : undefined;
    const isOverride = have?.source === 'DYNAMIC_TOPIC_CONFIG';
    if (isOverride && have.value !== null && sameConfigValue(name, have.value, want)) continue;
    changes.push({ name, from: have?.value ?? null, to: want });
  }
  // Only configs topicops set are ever removed: without an ownership record there is nothing to look for.
  if (managed.length > 0) removeUnwanted(desired, actual, unmanaged, managed, changes);
  return changes.length > 1 ? changes.sort((a, b) => compareStrings(a.name, b.name)) : changes;
}

/** Pushes a removal for every dynamic override topicops set that the YAML no longer has. */
function removeUnwanted(
  desired: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, ConfigEntryState>>,
  unmanaged: ReadonlySet<string>,
  managed: readonly string[],
  changes: ConfigChange[],
): void {
  // A topic reports every config (~40), most of them defaults. The caller sorts the changes by name.
  for (const name in actual) {
    const have = actual[name];
    if (have.source !== 'DYNAMIC_TOPIC_CONFIG') continue;
    if (Object.hasOwn(desired, name) || unmanaged.has(name) || !managed.includes(name)) continue;
    changes.push({ name, from: have.value, to: null, defaultValue: catalogueDefault(name) });
  }
}
