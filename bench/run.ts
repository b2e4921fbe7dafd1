/**
 * `npm run bench [name…]`: runs the benchmarks under bench/ and prints their figures. Benchmarks measure;
 * tests assert. Each module exports `name`, `description` and `run(): Promise<Record<string, unknown>>`.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface Benchmark {
  readonly name: string;
  readonly description: string;
  run(): Promise<Record<string, unknown>>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = (await readdir(here)).filter((f) => f.endsWith('.bench.ts')).sort();
const results: Record<string, unknown> = {};
for (const file of files) {
  const bench = (await import(path.join(here, file))) as Benchmark;
  if (wanted.length > 0 && !wanted.includes(bench.name)) continue;
  process.stdout.write(`\n## ${bench.name}: ${bench.description}\n`);
  const started = performance.now();
  const figures = await bench.run();
  results[bench.name] = figures;
  for (const [key, value] of Object.entries(figures)) process.stdout.write(`  ${key}: ${format(value)}\n`);
  process.stdout.write(`  (took ${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
}
if (process.env.BENCH_JSON) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);

function format(value: unknown): string {
  return typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : JSON.stringify(value);
}
