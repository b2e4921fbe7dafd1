/**
 * Produce and consume throughput of the built-in cluster, measured with kcat (librdkafka) so the client is not the
 * bottleneck: 1 KiB records, a topic with RF 3, 6 partitions and min.insync.replicas=2, acks=all.
 * BENCH_MB (default 150) sets how much is produced. The cluster runs in this process; kcat runs as a child.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { startBuiltInCluster } from '../src/broker/index.js';

export const name = 'cluster-throughput';
export const description =
  'built-in cluster (3 brokers) produce and consume throughput with kcat: 1 KiB records, RF 3, 6 partitions, min.insync.replicas=2, acks=all';

const { Kafka, logLevel } = kafkajs;
const RECORD_BYTES = 1024;
const TOPIC = 'bench.throughput';
const MB = 1024 * 1024;

/** Writes `count` newline-terminated records of RECORD_BYTES printable bytes each (varied, so not all alike). */
async function writeRecords(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let seed = 42;
  const chunk: string[] = [];
  for (let i = 0; i < count; i++) {
    let line = `${String(i).padStart(10, '0')}:`;
    while (line.length < RECORD_BYTES) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      line += alphabet[seed % alphabet.length].repeat(1 + (seed % 7));
    }
    chunk.push(line.slice(0, RECORD_BYTES));
    if (chunk.length === 1000 || i === count - 1) {
      if (!out.write(`${chunk.join('\n')}\n`)) await new Promise((r) => out.once('drain', r));
      chunk.length = 0;
    }
  }
  await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
}

/** Runs kcat with stdin from `stdinFile` (or none); resolves with the number of stdout lines. */
async function kcat(args: readonly string[], stdinFile?: string): Promise<number> {
  const input = stdinFile ? await open(stdinFile, 'r') : undefined;
  try {
    return await new Promise<number>((resolve, reject) => {
      const child = spawn('kcat', [...args], { stdio: [input ? input.fd : 'ignore', 'pipe', 'pipe'] });
      let lines = 0;
      let stderr = '';
      child.stdout!.on('data', (d: Buffer) => {
        for (let i = d.indexOf(10); i >= 0; i = d.indexOf(10, i + 1)) lines++;
      });
      child.stderr!.on('data', (d) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(lines) : reject(new Error(`kcat ${args.join(' ')} exited ${code}: ${stderr}`))));
    });
  } finally {
    await input?.close();
  }
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'topicops-bench-'));
  const megabytes = Number(process.env.BENCH_MB ?? 150);
  const count = Math.round((megabytes * MB) / RECORD_BYTES);
  const recordsFile = path.join(dir, 'records.txt');
  await writeRecords(recordsFile, count);

  const t0 = performance.now();
  const cluster = await startBuiltInCluster({ dataDir: path.join(dir, 'cluster'), brokers: 3, port: 0, logger: pino({ level: 'silent' }) });
  const startupMs = performance.now() - t0;
  try {
    const kafka = new Kafka({ clientId: 'bench', brokers: cluster.bootstrap.split(','), logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: TOPIC, numPartitions: 6, replicationFactor: 3, configEntries: [{ name: 'min.insync.replicas', value: '2' }] }],
    });

    const p0 = performance.now();
    await kcat(
      ['-P', '-b', cluster.bootstrap, '-t', TOPIC, '-X', 'acks=all', '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000', '-X', 'queue.buffering.max.kbytes=262144'],
      recordsFile,
    );
    const produceS = (performance.now() - p0) / 1000;

    const offsets = await admin.fetchTopicOffsets(TOPIC);
    const stored = offsets.reduce((n, p) => n + Number(p.high), 0);
    if (stored !== count) throw new Error(`produced ${count} records but the partitions hold ${stored}`);

    const c0 = performance.now();
    const consumed = await kcat(['-C', '-b', cluster.bootstrap, '-t', TOPIC, '-o', 'beginning', '-e', '-q', '-f', '%o\n', '-X', 'fetch.max.bytes=52428800']);
    const consumeS = (performance.now() - c0) / 1000;
    if (consumed !== count) throw new Error(`consumed ${consumed} records, expected ${count}`);
    await admin.disconnect();

    const payloadMb = (count * RECORD_BYTES) / MB;
    return {
      records: count,
      payload_mb: payloadMb,
      startup_ms: startupMs,
      produce_s: produceS,
      produce_mb_per_s: payloadMb / produceS,
      produce_records_per_s: count / produceS,
      consume_s: consumeS,
      consume_mb_per_s: payloadMb / consumeS,
      consume_records_per_s: count / consumeS,
    };
  } finally {
    await cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
