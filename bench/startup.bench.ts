/** Start-up time of the built-in cluster: from startBuiltInCluster() to a Metadata answer over TCP. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { startBuiltInCluster } from '../src/broker/index.js';
import { ApiKey } from '../src/protocol/api-keys.js';
import { ProtocolConnection } from '../src/protocol/client.js';

export const name = 'startup';
export const description = 'built-in cluster start-up (3 brokers) until the first Metadata answer, fresh and with existing state';

async function once(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const cluster = await startBuiltInCluster({ dataDir, brokers: 3, port: 0, logger: pino({ level: 'silent' }) });
  const [host, port] = cluster.bootstrap.split(',')[0].split(':');
  const conn = await ProtocolConnection.connect(host, Number(port));
  await conn.request(ApiKey.Metadata, { topics: null });
  const ms = performance.now() - t0;
  await conn.close();
  await cluster.stop();
  return ms;
}

export async function run(): Promise<Record<string, unknown>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'topicops-bench-'));
  try {
    const fresh = await once(path.join(dir, 'c'));
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await once(path.join(dir, 'c')));
    warm.sort((a, b) => a - b);
    return { fresh_start_ms: fresh, restart_median_ms: warm[2], restart_max_ms: warm[4] };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
