/**
 * A YAML `config:` map → Kafka topic configs in Kafka's string form: known names only (with suggestions),
 * human units for ms/bytes configs, lists for LIST configs, validated and normalised by the catalogue. Pure.
 */
import { TOPIC_CONFIGS, normaliseTopicConfigValue, validateTopicConfigValue } from '../model/topic-configs.js';
import type { TopicConfigDef } from '../model/topic-configs.js';
import { formatPath } from './problems.js';
import type { SpecProblem } from './problems.js';
import { didYouMean } from './suggest.js';
import { DURATION_UNITS, SIZE_UNITS, parseDurationExact, parseSizeExact } from './units.js';
import type { FieldPath, SourceDoc } from './yaml-source.js';
import { isPlainObject } from './yaml-source.js';

export interface ConfigContext {
  readonly file: string;
  readonly doc: SourceDoc;
  /** Where the map sits in the document: ['config'] or ['defaults', 'config']. */
  readonly basePath: FieldPath;
}

export interface ConvertedConfig {
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly SpecProblem[];
}

type Conversion = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly message: string };

const PLAIN_INTEGER = /^[+-]?[0-9]+$/;

/** Why `name` is not a topic config, with a suggestion (broker property names point at their topic config). */
export function unknownConfigMessage(name: string): string {
  for (const def of TOPIC_CONFIGS.values()) {
    if (def.brokerSynonyms.includes(name) && def.name !== name) {
      return `unknown topic config "${name}" (that is a broker setting); did you mean "${def.name}"?`;
    }
  }
  return `unknown topic config "${name}"${didYouMean(name, TOPIC_CONFIGS.keys())}`;
}

function convertWithUnit(def: TopicConfigDef, text: string): Conversion {
  if (PLAIN_INTEGER.test(text.trim())) return { ok: true, value: text.trim() };
  if (def.unit === 'ms') {
    const r = parseDurationExact(text);
    if (r.ok) return { ok: true, value: r.value.toString() };
    if (r.reason === 'fraction') return { ok: false, message: `"${text}" is not a whole number of milliseconds` };
    if (r.reason === 'negative') {
      return { ok: false, message: `invalid duration "${text}": durations cannot be negative (use -1 or "infinite" for no limit)` };
    }
    return {
      ok: false,
      message: `invalid duration "${text}": use milliseconds or a number with a unit: ${DURATION_UNITS.join(', ')} (e.g. 7d, 1.5h)`,
    };
  }
  const r = parseSizeExact(text);
  if (r.ok) return { ok: true, value: r.value.toString() };
  if (r.reason === 'fraction') return { ok: false, message: `"${text}" is not a whole number of bytes` };
  if (r.reason === 'negative') {
    return { ok: false, message: `invalid size "${text}": sizes cannot be negative (use -1 or "unlimited" for no limit)` };
  }
  return { ok: false, message: `invalid size "${text}": use bytes or a number with a unit: ${SIZE_UNITS.join(', ')} (e.g. 64MiB)` };
}

/** The Kafka string for one YAML value; `source` is the scalar as written (exact big integers). */
export function toKafkaString(def: TopicConfigDef, raw: unknown, source: string | undefined): Conversion | null {
  if (typeof raw === 'boolean') return { ok: true, value: String(raw) };
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return null; // reported by the schema
    if (Number.isSafeInteger(raw)) return { ok: true, value: String(raw) };
    if (source !== undefined && PLAIN_INTEGER.test(source.trim())) return { ok: true, value: source.trim() };
    return { ok: true, value: String(raw) };
  }
  if (typeof raw === 'string') return def.unit ? convertWithUnit(def, raw) : { ok: true, value: raw };
  if (Array.isArray(raw)) {
    if (def.type !== 'LIST') return { ok: false, message: `${def.name} takes a single ${def.type.toLowerCase()} value, not a list` };
    if (!raw.every((item) => typeof item === 'string' || typeof item === 'number')) return null; // reported by the schema
    return { ok: true, value: raw.map(String).join(',') };
  }
  return null; // wrong shape: reported by the schema
}

/** Converts and checks every entry; entries with problems are left out of `values`. */
export function convertConfigMap(raw: unknown, ctx: ConfigContext): ConvertedConfig {
  const values: Record<string, string> = {};
  const problems: SpecProblem[] = [];
  if (!isPlainObject(raw)) return { values, problems };
  const report = (path: FieldPath, key: boolean, message: string): void => {
    const { line, column } = ctx.doc.locate(path, { key });
    problems.push({ severity: 'error', file: ctx.file, line, column, path: formatPath(path), message });
  };
  for (const [name, value] of Object.entries(raw)) {
    const path = [...ctx.basePath, name];
    const def = TOPIC_CONFIGS.get(name);
    if (def === undefined) {
      report(path, true, unknownConfigMessage(name));
      continue;
    }
    const converted = toKafkaString(def, value, ctx.doc.scalarSource(path));
    if (converted === null) continue;
    if (!converted.ok) {
      report(path, false, converted.message);
      continue;
    }
    const invalid = validateTopicConfigValue(name, converted.value);
    if (invalid !== null) {
      const written = typeof value === 'string' && value.trim() !== converted.value ? ` (written as "${value}")` : '';
      report(path, false, `${invalid}${written}`);
      continue;
    }
    values[name] = normaliseTopicConfigValue(name, converted.value);
  }
  return { values, problems };
}
