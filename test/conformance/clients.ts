/** Independent Kafka clients used by the conformance tests: kcat (librdkafka) and Debian's python3 modules. */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

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
