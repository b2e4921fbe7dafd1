/**
 * Test support: builds a sample object for any (message, version) from the schema, with a non-default value for every
 * field present in that version (nested arrays get 2 elements, tagged fields are set), and the object the decoder must
 * return for it (absent fields filled with their defaults).
 */
import { defaultValue, jsName, typeOf, type TypeDesc } from '../schema.js';
import type { FieldSpec, MessageSpec } from '../spec-types.js';
import { inVersions } from '../versions.js';

export interface Sample {
  readonly input: Record<string, unknown>;
  readonly expected: Record<string, unknown>;
}

export interface SampleOptions {
  /** Set every nullable field (in this version) to null instead of a value. */
  readonly nulls: boolean;
}

interface Pair { input: unknown; expected: unknown }

class SampleBuilder {
  private n = 0;
  constructor(private readonly spec: MessageSpec, private readonly version: number, private readonly opts: SampleOptions) {}

  struct(fields: readonly FieldSpec[]): { input: Record<string, unknown>; expected: Record<string, unknown> } {
    const input: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const f of fields) {
      const type = typeOf(f, this.spec);
      const key = jsName(f.name);
      if (!inVersions(f.versions, this.version)) {
        expected[key] = defaultValue(f, type, this.spec);
        continue;
      }
      const pair = this.opts.nulls && inVersions(f.nullableVersions, this.version)
        ? { input: null, expected: null }
        : this.value(f, type);
      input[key] = pair.input;
      expected[key] = pair.expected;
    }
    return { input, expected };
  }

  private value(f: FieldSpec, type: TypeDesc): Pair {
    if (type.kind === 'array') {
      const items = [this.value(f, type.elem), this.value(f, type.elem)];
      return { input: items.map((p) => p.input), expected: items.map((p) => p.expected) };
    }
    if (type.kind === 'struct') return this.struct(type.fields);
    const n = ++this.n;
    const same = (v: unknown): Pair => ({ input: v, expected: v });
    switch (type.type) {
      case 'int8': case 'int16': case 'int32': return same(11 + (n % 50));
      case 'uint16': return same(40_000 + n);
      case 'uint32': return same(3_000_000_000 + n);
      case 'float64': return same(n + 0.25);
      case 'int64': return same(2n ** 40n + BigInt(n));
      case 'bool': return same(f.default !== 'true');
      case 'string': return same(`${f.name}-${n}-ü`);
      case 'bytes': case 'records': return { input: Buffer.from([n & 0xff, 1, 2, 3]), expected: Buffer.from([n & 0xff, 1, 2, 3]) };
      case 'uuid': return same(`${(0x10000000 + n).toString(16)}-0000-4000-8000-${n.toString(16).padStart(12, 'a')}`);
    }
  }
}

export function buildSample(spec: MessageSpec, version: number, opts: SampleOptions = { nulls: false }): Sample {
  return new SampleBuilder(spec, version, opts).struct(spec.fields);
}
