/**
 * The schema-driven encoder/decoder. For each (message, version) the schema is compiled once into a plan of
 * per-field encode/decode closures (classic or flexible encodings, nullability, tagged fields); nothing is
 * written per message by hand.
 */
import { MalformedFrameError, ProtocolEncodeError } from './codec-errors.js';
import { Reader } from './reader.js';
import { defaultValue, jsName, typeOf, type TypeDesc } from './schema.js';
import type { FieldSpec, MessageSpec } from './spec-types.js';
import { inVersions } from './versions.js';
import { Writer } from './writer.js';

type Encoder = (w: Writer, value: unknown) => void;
type Decoder = (r: Reader) => unknown;
interface Codec { readonly encode: Encoder; readonly decode: Decoder }

interface FieldPlan extends Codec {
  /** JSON field name (used in error paths). */
  readonly name: string;
  /** JS property name. */
  readonly key: string;
  readonly present: boolean;
  readonly tagged: boolean;
  readonly tag: number;
  readonly makeDefault: () => unknown;
}

interface StructPlan {
  /** Every field of the struct in schema order (decoded objects get all of them). */
  readonly fields: readonly FieldPlan[];
  /** Fields on the wire in this version, in order. */
  readonly regular: readonly FieldPlan[];
  /** Tagged fields of this version, ascending tag. */
  readonly tagged: readonly FieldPlan[];
  readonly byTag: ReadonlyMap<number, FieldPlan>;
  readonly flexible: boolean;
}

const INT_RANGES = {
  int8: [-0x80, 0x7f], int16: [-0x8000, 0x7fff], int32: [-0x80000000, 0x7fffffff], uint16: [0, 0xffff], uint32: [0, 0xffffffff],
} as const;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (Buffer.isBuffer(v)) return 'a Buffer';
  if (typeof v === 'string') return `string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  return typeof v;
}

function bad(expected: string, v: unknown): never {
  throw new ProtocolEncodeError(`expected ${expected}, got ${describe(v)}`);
}

function intCodec(type: keyof typeof INT_RANGES): Codec {
  const [min, max] = INT_RANGES[type];
  const check = (v: unknown): number => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) bad(`${type} (integer ${min}..${max})`, v);
    return v;
  };
  switch (type) {
    case 'int8': return { encode: (w, v) => w.int8(check(v)), decode: (r) => r.int8() };
    case 'int16': return { encode: (w, v) => w.int16(check(v)), decode: (r) => r.int16() };
    case 'int32': return { encode: (w, v) => w.int32(check(v)), decode: (r) => r.int32() };
    case 'uint16': return { encode: (w, v) => w.uint16(check(v)), decode: (r) => r.uint16() };
    case 'uint32': return { encode: (w, v) => w.uint32(check(v)), decode: (r) => r.uint32() };
  }
}

function stringCodec(nullable: boolean, flexible: boolean): Codec {
  return {
    encode(w, v) {
      if (v === null) {
        if (!nullable) bad('a string (field is not nullable in this version)', v);
        if (flexible) w.uvarint(0);
        else w.int16(-1);
        return;
      }
      if (typeof v !== 'string') bad('a string', v);
      const len = Buffer.byteLength(v, 'utf8');
      if (len > 0x7fff) throw new ProtocolEncodeError(`string of ${len} bytes is longer than the 32767 allowed`);
      if (flexible) w.uvarint(len + 1);
      else w.int16(len);
      w.utf8(v, len);
    },
    decode(r) {
      const at = r.offset;
      const len = flexible ? r.uvarint() - 1 : r.int16();
      if (len === -1) return nullable ? null : r.fail('null for a non-nullable string', at);
      if (len < -1) r.fail(`negative string length ${len}`, at);
      if (len > r.remaining) r.fail(`string length ${len} exceeds the ${r.remaining} bytes remaining`, at);
      return r.utf8(len);
    },
  };
}

function bytesCodec(nullable: boolean, flexible: boolean): Codec {
  return {
    encode(w, v) {
      if (v === null) {
        if (!nullable) bad('a Buffer (field is not nullable in this version)', v);
        if (flexible) w.uvarint(0);
        else w.int32(-1);
        return;
      }
      if (!(v instanceof Uint8Array)) bad('a Buffer', v);
      if (flexible) w.uvarint(v.length + 1);
      else w.int32(v.length);
      w.raw(v);
    },
    decode(r) {
      const at = r.offset;
      const len = flexible ? r.uvarint() - 1 : r.int32();
      if (len === -1) return nullable ? null : r.fail('null for non-nullable bytes', at);
      if (len < -1) r.fail(`negative bytes length ${len}`, at);
      if (len > r.remaining) r.fail(`bytes length ${len} exceeds the ${r.remaining} bytes remaining`, at);
      return r.raw(len);
    },
  };
}

function arrayCodec(elem: Codec, nullable: boolean, flexible: boolean): Codec {
  return {
    encode(w, v) {
      if (v === null) {
        if (!nullable) bad('an array (field is not nullable in this version)', v);
        if (flexible) w.uvarint(0);
        else w.int32(-1);
        return;
      }
      if (!Array.isArray(v)) bad('an array', v);
      if (flexible) w.uvarint(v.length + 1);
      else w.int32(v.length);
      let i = 0;
      try {
        for (; i < v.length; i++) elem.encode(w, v[i]);
      } catch (e) {
        if (e instanceof ProtocolEncodeError) e.within(`[${i}]`);
        throw e;
      }
    },
    decode(r) {
      const at = r.offset;
      const n = flexible ? r.uvarint() - 1 : r.int32();
      if (n === -1) return nullable ? null : r.fail('null for a non-nullable array', at);
      if (n < -1) r.fail(`negative array length ${n}`, at);
      if (n > r.remaining) r.fail(`array length ${n} exceeds the ${r.remaining} bytes remaining`, at);
      const out: unknown[] = new Array(n);
      let i = 0;
      try {
        for (; i < n; i++) out[i] = elem.decode(r);
      } catch (e) {
        if (e instanceof MalformedFrameError) e.within(`[${i}]`);
        throw e;
      }
      return out;
    },
  };
}

function structCodec(plan: StructPlan, nullable: boolean): Codec {
  if (!nullable) return { encode: (w, v) => encodeStruct(w, plan, v), decode: (r) => decodeStruct(r, plan) };
  // Kafka writes nullable structs with an int8 marker: -1 = null, 1 = present.
  return {
    encode(w, v) {
      if (v === null) return w.int8(-1);
      w.int8(1);
      encodeStruct(w, plan, v);
    },
    decode(r) {
      const at = r.offset;
      const marker = r.int8();
      if (marker < 0) return null;
      if (marker !== 1) r.fail(`invalid nullable struct marker ${marker}`, at);
      return decodeStruct(r, plan);
    },
  };
}

function codecFor(type: TypeDesc, nullable: boolean, flexible: boolean, message: MessageSpec, version: number): Codec {
  if (type.kind === 'array') {
    return arrayCodec(codecFor(type.elem, false, flexible, message, version), nullable, flexible);
  }
  if (type.kind === 'struct') return structCodec(compileStruct(type.fields, message, version, flexible), nullable);
  switch (type.type) {
    case 'int8': case 'int16': case 'int32': case 'uint16': case 'uint32':
      return intCodec(type.type);
    case 'int64':
      return {
        encode(w, v) {
          const b = typeof v === 'number' && Number.isSafeInteger(v) ? BigInt(v) : v;
          if (typeof b !== 'bigint' || b < INT64_MIN || b > INT64_MAX) bad('an int64 (bigint)', v);
          w.int64(b);
        },
        decode: (r) => r.int64(),
      };
    case 'float64':
      return { encode: (w, v) => w.float64(typeof v === 'number' ? v : bad('a number', v)), decode: (r) => r.float64() };
    case 'bool':
      return { encode: (w, v) => w.bool(typeof v === 'boolean' ? v : bad('a boolean', v)), decode: (r) => r.bool() };
    case 'string':
      return stringCodec(nullable, flexible);
    case 'bytes': case 'records':
      return bytesCodec(nullable, flexible);
    case 'uuid':
      return {
        encode(w, v) {
          if (typeof v !== 'string' || !UUID_RE.test(v)) bad('a UUID string (8-4-4-4-12 hex)', v);
          w.raw(Buffer.from(v.replace(/-/g, ''), 'hex'));
        },
        decode: (r) => r.uuid(),
      };
  }
}

const ABSENT: Codec = {
  encode: () => undefined,
  decode: () => undefined,
};

function compileField(f: FieldSpec, message: MessageSpec, version: number, flexible: boolean): FieldPlan {
  const type = typeOf(f, message);
  const present = inVersions(f.versions, version);
  const tagged = present && flexible && inVersions(f.taggedVersions, version);
  const fieldFlexible = f.flexibleVersions !== undefined ? inVersions(f.flexibleVersions, version) : flexible;
  const codec = present ? codecFor(type, inVersions(f.nullableVersions, version), fieldFlexible, message, version) : ABSENT;
  return {
    name: f.name,
    key: jsName(f.name),
    present,
    tagged,
    tag: f.tag ?? -1,
    makeDefault: () => defaultValue(f, type, message),
    encode: codec.encode,
    decode: codec.decode,
  };
}

function compileStruct(fields: readonly FieldSpec[], message: MessageSpec, version: number, flexible: boolean): StructPlan {
  const plans = fields.map((f) => compileField(f, message, version, flexible));
  const tagged = plans.filter((p) => p.tagged).sort((a, b) => a.tag - b.tag);
  return {
    fields: plans,
    regular: plans.filter((p) => p.present && !p.tagged),
    tagged,
    byTag: new Map(tagged.map((p) => [p.tag, p])),
    flexible,
  };
}

/** Structural equality for decoded values (tagged fields equal to their default are not written). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  const ao = a as Record<string, unknown>;
  return Object.entries(b as Record<string, unknown>).every(([k, v]) => ao[k] === undefined || sameValue(ao[k], v));
}

function encodeStruct(w: Writer, plan: StructPlan, value: unknown): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) bad('an object', value);
  const obj = value as Record<string, unknown>;
  let current: FieldPlan | undefined;
  try {
    for (const f of plan.regular) {
      current = f;
      const v = obj[f.key];
      f.encode(w, v === undefined ? f.makeDefault() : v);
    }
    if (!plan.flexible) return;
    current = undefined;
    const toWrite = plan.tagged.filter((f) => obj[f.key] !== undefined && !sameValue(obj[f.key], f.makeDefault()));
    w.uvarint(toWrite.length);
    for (const f of toWrite) {
      current = f;
      const sub = new Writer(64);
      f.encode(sub, obj[f.key]);
      w.uvarint(f.tag);
      w.uvarint(sub.length);
      w.raw(sub.toBuffer());
    }
  } catch (e) {
    if (e instanceof ProtocolEncodeError && current) e.within(current.name);
    throw e;
  }
}

function decodeStruct(r: Reader, plan: StructPlan): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let current: FieldPlan | undefined;
  try {
    for (const f of plan.fields) {
      if (f.present && !f.tagged) {
        current = f;
        out[f.key] = f.decode(r);
      } else out[f.key] = f.makeDefault();
    }
    current = undefined;
    if (!plan.flexible) return out;
    const count = r.uvarint();
    for (let i = 0; i < count; i++) {
      const tag = r.uvarint();
      const size = r.uvarint();
      const start = r.offset;
      if (size > r.remaining) r.fail(`tagged field ${tag} of ${size} bytes exceeds the ${r.remaining} bytes remaining`);
      const f = plan.byTag.get(tag);
      if (f) {
        current = f;
        out[f.key] = f.decode(new Reader(r.buf, start, start + size));
        current = undefined;
      }
      r.offset = start + size;
    }
    return out;
  } catch (e) {
    if (e instanceof MalformedFrameError && current) e.within(current.name);
    throw e;
  }
}

const plans = new Map<MessageSpec, Map<number, StructPlan>>();

function messagePlan(spec: MessageSpec, version: number): StructPlan {
  let byVersion = plans.get(spec);
  if (!byVersion) plans.set(spec, (byVersion = new Map()));
  let plan = byVersion.get(version);
  if (!plan) {
    plan = compileStruct(spec.fields, spec, version, inVersions(spec.flexibleVersions, version));
    byVersion.set(version, plan);
  }
  return plan;
}

/** Encodes a message body; missing fields get their defaults, fields outside the version are ignored. */
export function encodeMessage(w: Writer, spec: MessageSpec, version: number, body: object): void {
  try {
    encodeStruct(w, messagePlan(spec, version), body);
  } catch (e) {
    if (e instanceof ProtocolEncodeError) e.inMessage(`${spec.name} v${version}`);
    throw e;
  }
}

/** Decodes a message body at the reader's offset; every schema field is present in the result. */
export function decodeMessage<T>(r: Reader, spec: MessageSpec, version: number): T {
  try {
    return decodeStruct(r, messagePlan(spec, version)) as T;
  } catch (e) {
    if (e instanceof MalformedFrameError) e.inMessage(`${spec.name} v${version}`);
    throw e;
  }
}
