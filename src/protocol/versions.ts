/** Kafka version-range strings: "3+", "0-4", "7", "none". */
export interface VersionRange {
  readonly min: number;
  readonly max: number;
}

/** Highest version number representable in the int16 ApiVersion field. */
export const MAX_VERSION = 0x7fff;

const cache = new Map<string, VersionRange | null>();

/** Parses a Kafka version string; `null` for "none". Throws on anything else. */
export function parseVersions(spec: string): VersionRange | null {
  const hit = cache.get(spec);
  if (hit !== undefined) return hit;
  let range: VersionRange | null;
  const s = spec.trim();
  let m: RegExpMatchArray | null;
  if (s === 'none') range = null;
  else if ((m = /^(\d+)\+$/.exec(s))) range = { min: Number(m[1]), max: MAX_VERSION };
  else if ((m = /^(\d+)-(\d+)$/.exec(s))) range = { min: Number(m[1]), max: Number(m[2]) };
  else if ((m = /^(\d+)$/.exec(s))) range = { min: Number(m[1]), max: Number(m[1]) };
  else throw new Error(`Invalid Kafka version range "${spec}"`);
  if (range && range.min > range.max) throw new Error(`Invalid Kafka version range "${spec}"`);
  cache.set(spec, range);
  return range;
}

export function inVersions(spec: string | undefined, version: number): boolean {
  if (spec === undefined) return false;
  const r = parseVersions(spec);
  return r !== null && version >= r.min && version <= r.max;
}

/** The intersection of two ranges, or null when they do not overlap. */
export function intersect(a: VersionRange | null, b: VersionRange | null): VersionRange | null {
  if (!a || !b) return null;
  const min = Math.max(a.min, b.min);
  const max = Math.min(a.max, b.max);
  return min <= max ? { min, max } : null;
}

/** True when every version of `inner` is also in `outer` (an empty inner is covered). */
export function covers(outer: VersionRange | null, inner: VersionRange | null): boolean {
  if (!inner) return true;
  if (!outer) return false;
  return outer.min <= inner.min && outer.max >= inner.max;
}
