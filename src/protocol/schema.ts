/**
 * Registry over the generated message schemas: lookup by name / apiKey, version ranges, flexibility,
 * field types and Kafka default values.
 */
import { MESSAGE_SPECS } from './generated/schemas.js';
import type { FieldSpec, MessageSpec } from './spec-types.js';
import { inVersions, parseVersions } from './versions.js';

export type PrimitiveType =
  | 'int8' | 'int16' | 'int32' | 'int64' | 'uint16' | 'uint32' | 'float64' | 'bool' | 'string' | 'bytes' | 'records' | 'uuid';

const PRIMITIVES: ReadonlySet<string> = new Set<PrimitiveType>([
  'int8', 'int16', 'int32', 'int64', 'uint16', 'uint32', 'float64', 'bool', 'string', 'bytes', 'records', 'uuid',
]);

export type TypeDesc =
  | { readonly kind: 'primitive'; readonly type: PrimitiveType }
  | { readonly kind: 'array'; readonly elem: TypeDesc }
  | { readonly kind: 'struct'; readonly name: string; readonly fields: readonly FieldSpec[] };

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

const byName = new Map<string, MessageSpec>();
const requestsByKey = new Map<number, MessageSpec>();
const responsesByKey = new Map<number, MessageSpec>();
for (const spec of MESSAGE_SPECS) {
  byName.set(spec.name, spec);
  if (spec.apiKey === undefined) continue;
  if (spec.type === 'request') requestsByKey.set(spec.apiKey, spec);
  else if (spec.type === 'response') responsesByKey.set(spec.apiKey, spec);
}

export function messageSpec(name: string): MessageSpec | undefined {
  return byName.get(name);
}

export function requestSpec(apiKey: number): MessageSpec | undefined {
  return requestsByKey.get(apiKey);
}

export function responseSpec(apiKey: number): MessageSpec | undefined {
  return responsesByKey.get(apiKey);
}

/** Every API key that has both a request and a response schema, ascending. */
export function knownApiKeys(): number[] {
  return [...requestsByKey.keys()].filter((k) => responsesByKey.has(k)).sort((a, b) => a - b);
}

/** 'CreateTopics' for 19; undefined for keys without a schema. */
export function apiName(apiKey: number): string | undefined {
  return requestsByKey.get(apiKey)?.name.replace(/Request$/, '');
}

/** validVersions of the request JSON. */
export function schemaVersionRange(apiKey: number): { min: number; max: number } | undefined {
  const spec = requestsByKey.get(apiKey);
  const r = spec ? parseVersions(spec.validVersions) : null;
  return r ? { min: r.min, max: r.max } : undefined;
}

/**
 * True when (apiKey, apiVersion) uses the flexible encoding (by the request's flexibleVersions, so versions newer than
 * the schema's latest count as flexible once flexibility started, as in Kafka). False for unknown API keys.
 */
export function isFlexibleVersion(apiKey: number, apiVersion: number): boolean {
  const spec = requestsByKey.get(apiKey);
  return spec !== undefined && inVersions(spec.flexibleVersions, apiVersion);
}

/** Resolves a field's type string against its inline fields or the message's commonStructs. */
export function typeOf(field: FieldSpec, message: MessageSpec): TypeDesc {
  const resolve = (type: string): TypeDesc => {
    if (type.startsWith('[]')) return { kind: 'array', elem: resolve(type.slice(2)) };
    if (PRIMITIVES.has(type)) return { kind: 'primitive', type: type as PrimitiveType };
    if (field.fields) return { kind: 'struct', name: type, fields: field.fields };
    const common = message.commonStructs?.find((s) => s.name === type);
    if (common) return { kind: 'struct', name: type, fields: common.fields };
    throw new Error(`${message.name}.${field.name}: unknown type ${field.type}`);
  };
  return resolve(field.type);
}

/** JS property name: the JSON name with its first letter lower-cased. */
export function jsName(jsonName: string): string {
  return jsonName.charAt(0).toLowerCase() + jsonName.slice(1);
}

/** A fresh default value for a field (its JSON `default`, else the zero value of its type). */
export function defaultValue(field: FieldSpec, type: TypeDesc, message: MessageSpec): unknown {
  const d = field.default;
  if (d === 'null') return null;
  if (type.kind === 'array') return [];
  if (type.kind === 'struct') return defaultStruct(type.fields, message);
  switch (type.type) {
    case 'int8': case 'int16': case 'int32': case 'uint16': case 'uint32': case 'float64':
      return d === undefined || d === '' ? 0 : Number(d);
    case 'int64':
      return d === undefined || d === '' ? 0n : BigInt(d);
    case 'bool':
      return d === 'true';
    case 'string':
      return d ?? '';
    case 'bytes':
      return Buffer.alloc(0);
    case 'records':
      return null;
    case 'uuid':
      return ZERO_UUID;
  }
}

/** An object with every field of a struct set to its default. */
export function defaultStruct(fields: readonly FieldSpec[], message: MessageSpec): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) out[jsName(f.name)] = defaultValue(f, typeOf(f, message), message);
  return out;
}
