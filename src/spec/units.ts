/**
 * Human-style durations ("7d", "1.5h") and sizes ("64MiB", "1GB") → Kafka's integer milliseconds / bytes.
 * Exact decimal arithmetic (BigInt), so 1.5h is 5400000 and 0.5ms is refused rather than rounded. Pure.
 */

const MS_PER: Readonly<Record<string, bigint>> = {
  ms: 1n,
  s: 1000n,
  m: 60_000n,
  h: 3_600_000n,
  d: 86_400_000n,
  w: 604_800_000n,
};

/** Keys are lower-case: size units are matched case-insensitively (1GiB, 1gib). */
const BYTES_PER: Readonly<Record<string, bigint>> = {
  b: 1n,
  kb: 1000n,
  mb: 1000n ** 2n,
  gb: 1000n ** 3n,
  tb: 1000n ** 4n,
  kib: 1024n,
  mib: 1024n ** 2n,
  gib: 1024n ** 3n,
  tib: 1024n ** 4n,
};

export const DURATION_UNITS = Object.keys(MS_PER);
export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'KB', 'MB', 'GB', 'TB'] as const;

export type QuantityResult =
  | { readonly ok: true; readonly value: bigint }
  | { readonly ok: false; readonly reason: 'syntax' | 'fraction' | 'negative' };

const PLAIN_INTEGER = /^[+-]?[0-9]+$/;
const WITH_UNIT = /^([0-9]+)(?:\.([0-9]+))?\s*([A-Za-z]+)$/;
const UNLIMITED = new Set(['-1', 'infinite', 'unlimited']);

function parseQuantity(text: string, units: Readonly<Record<string, bigint>>, foldCase: boolean): QuantityResult {
  const t = text.trim();
  if (UNLIMITED.has(t.toLowerCase())) return { ok: true, value: -1n };
  if (PLAIN_INTEGER.test(t)) {
    const value = BigInt(t);
    return value < 0n ? { ok: false, reason: 'negative' } : { ok: true, value };
  }
  const m = WITH_UNIT.exec(t);
  if (!m) return { ok: false, reason: t.startsWith('-') ? 'negative' : 'syntax' };
  const [, whole, fraction = '', unitText] = m;
  const unit = units[foldCase ? unitText.toLowerCase() : unitText];
  if (unit === undefined) return { ok: false, reason: 'syntax' };
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole) * scale + BigInt(fraction === '' ? '0' : fraction)) * unit;
  if (scaled % scale !== 0n) return { ok: false, reason: 'fraction' };
  return { ok: true, value: scaled / scale };
}

/** "7d" → 604800000n; plain integers are milliseconds; "-1" / "infinite" / "unlimited" → -1n. */
export function parseDurationExact(text: string): QuantityResult {
  return parseQuantity(text, MS_PER, false);
}

/** "64MiB" → 67108864n, "1GB" → 1000000000n; plain integers are bytes; "-1" / "infinite" / "unlimited" → -1n. */
export function parseSizeExact(text: string): QuantityResult {
  return parseQuantity(text, BYTES_PER, true);
}

function toSafeNumber(r: QuantityResult): number | null {
  if (!r.ok) return null;
  const n = Number(r.value);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Milliseconds for a duration such as "500ms", "30s", "15m", "1.5h", "7d", "2w" or a plain integer;
 * -1 for "-1" / "infinite" / "unlimited"; null when unparsable, not a whole number of milliseconds,
 * or beyond Number.MAX_SAFE_INTEGER.
 */
export function parseDuration(text: string): number | null {
  return toSafeNumber(parseDurationExact(text));
}

/**
 * Bytes for a size such as "512B", "1KiB", "64MiB", "1GiB", "1TiB", "1KB" (=1000), "1MB", "1GB" or a plain
 * integer; -1 for "-1" / "infinite" / "unlimited"; null when unparsable, not a whole number of bytes,
 * or beyond Number.MAX_SAFE_INTEGER.
 */
export function parseSize(text: string): number | null {
  return toSafeNumber(parseSizeExact(text));
}
