/**
 * Human units for previews: bytes in binary units with one decimal ("812 MiB", "18.4 GiB"), durations in
 * s / min / h ("45 s", "6.5 min", "2 h"), rates ("50 MiB/s"). A trailing ".0" is dropped. Pure.
 */

const BYTE_UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** One decimal, without a trailing ".0". */
export function oneDecimal(value: number): string {
  const text = (Math.round(value * 10) / 10).toFixed(1);
  return text.endsWith('.0') ? text.slice(0, -2) : text;
}

/** 512 → "512 B", 1536 → "1.5 KiB", 851443712 → "812 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return `${bytes} B`;
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  value /= 1024;
  // Step up while the rounded value would read 1024 or more ("1024 KiB" → "1 MiB").
  while (Math.round(value * 10) / 10 >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${oneDecimal(value)} ${BYTE_UNITS[unit]}`;
}

/** 52428800 → "50 MiB/s". */
export function formatRate(bytesPerSec: number): string {
  return `${formatBytes(bytesPerSec)}/s`;
}

/** 45 → "45 s", 390 → "6.5 min", 7200 → "2 h". Seconds are rounded up to whole seconds. */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round((s / 60) * 10) / 10;
  if (minutes < 60) return `${oneDecimal(minutes)} min`;
  return `${oneDecimal(s / 3600)} h`;
}
