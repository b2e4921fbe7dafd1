/** Independent Kafka clients used by the conformance tests: kcat (librdkafka) and Debian's python3 modules. */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';

const { Kafka, logLevel } = kafkajs;

const run = promisify(execFile);
/** Debian's python3, where python3-kafka and python3-confluent-kafka live (another python3 may come first on PATH). */
export const DEBIAN_PYTHON = '/usr/bin/python3';

export function haveKcat(): boolean {
  return spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
}

export function havePythonModule(module: string): boolean {
  return existsSync(DEBIAN_PYTHON) && spawnSync(DEBIAN_PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0;
}

/** True when the tests must be skipped. In CI the clients must be there (.ci/run installs them), so a missing one fails. */
export function skipWithout(available: boolean, what: string): boolean {
  if (!available && process.env.CI) throw new Error(`${what} is not installed, but CI must run the conformance tests (.ci/run installs it)`);
  return !available;
}

export async function kcat(args: readonly string[], timeoutMs = 30_000): Promise<string> {
  const { stdout } = await run('kcat', [...args], { timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export async function python(script: string, args: readonly string[] = [], timeoutMs = 60_000): Promise<string> {
  const { stdout } = await run(DEBIAN_PYTHON, ['-c', script, ...args], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

/** kcat with `input` on its stdin (kcat -P reads one record per line from stdin; a file argument would be one record). */
export function kcatWithInput(args: readonly string[], input: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('kcat', [...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`kcat ${args.join(' ')} exited ${code ?? signal}: ${stderr}`));
    });
    child.stdin.end(input);
  });
}

/** Creates topics through kafkajs's admin client (kcat cannot), waiting until every partition has a leader. */
export async function createTopics(
  bootstrap: string,
  topics: readonly { topic: string; numPartitions: number; replicationFactor: number; configs?: Record<string, string> }[],
): Promise<void> {
  const kafka = new Kafka({ clientId: 'conformance-admin', brokers: bootstrap.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const created = await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((t) => ({
        topic: t.topic,
        numPartitions: t.numPartitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.configs ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    if (!created) throw new Error(`topics already exist: ${topics.map((t) => t.topic).join(', ')}`);
  } finally {
    await admin.disconnect();
  }
}
