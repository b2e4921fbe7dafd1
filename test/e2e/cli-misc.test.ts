/** The CLI's contract beyond apply: validate, --help, --bootstrap, --cluster, the data-dir lock, bad flags, NO_COLOR. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli, tempProject } from '../helpers/cli.js';
import { startTestCluster } from '../helpers/cluster.js';

const BROKEN = path.join(REPO_ROOT, 'test/fixtures/spec/broken');

describe('topicops validate', () => {
  it('accepts the example project', async () => {
    const res = await runCli(['validate']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Valid: \d+ topic/);
  });

  it('reports every problem of a broken project with file:line:column in one run', async () => {
    const res = await runCli(['validate', '--dir', BROKEN]);
    expect(res.code).toBe(1);
    const lines = res.stderr.split('\n').filter((l) => /^\S+\.ya?ml:\d+:\d+: (error|warning)/.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(6);
    expect(new Set(lines.map((l) => l.split(':')[0])).size).toBeGreaterThanOrEqual(3);
  });

  it('prints JSON on request', async () => {
    const res = await runCli(['validate', '--dir', BROKEN, '--format', 'json']);
    expect(res.code).toBe(1);
    const out = JSON.parse(res.stdout);
    expect(out.valid).toBe(false);
    expect(out.problems[0]).toEqual(expect.objectContaining({ file: expect.any(String), line: expect.any(Number), column: expect.any(Number) }));
  });

  it('plan and apply refuse an invalid spec before touching a cluster', async () => {
    for (const cmd of ['plan', 'apply']) {
      const res = await runCli([cmd, '--yes', '--dir', BROKEN].filter((a) => cmd === 'apply' || a !== '--yes'));
      expect(res.code).toBe(1);
      expect(res.stderr).toContain('the topic spec has errors');
    }
  });
});

describe('help and flags', () => {
  it.each([[[]], [['validate']], [['plan']], [['apply']], [['cluster', 'start']]])('%s --help exits 0 and describes the command', async (args) => {
    const res = await runCli([...args, '--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/Usage: topicops/);
  });

  it('rejects an unknown flag and a bad --format', async () => {
    expect((await runCli(['plan', '--frobnicate'])).code).toBe(1);
    const res = await runCli(['plan', '--format', 'yaml']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--format');
  });

  it('rejects a bad --log-level with one line naming the flag and the allowed values', async () => {
    const res = await runCli(['validate', '--log-level', 'loud']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('Error: --log-level: "loud" is not one of trace, debug, info, warn, error, fatal, silent');
  });

  it('rejects a malformed --bootstrap', async () => {
    const res = await runCli(['plan', '--bootstrap', 'localhost']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('host:port');
  });
});

describe('--bootstrap and the data-dir lock', () => {
  it('plans and applies against a running cluster given by --bootstrap', async () => {
    const tc = await startTestCluster();
    const project = await tempProject();
    try {
      const apply = await runCli(['apply', '--yes', '--bootstrap', tc.cluster.bootstrap], { cwd: project.dir });
      expect(apply.code).toBe(0);
      expect(apply.stdout).toContain('+ create orders.v1');
      const admin = await tc.admin();
      expect(await admin.listTopics()).toContain('orders.v1');
    } finally {
      await tc.stop();
      await project.cleanup();
    }
  });

  it('names the pid holding the built-in data dir and suggests --bootstrap', async () => {
    const project = await tempProject();
    const tc = await startTestCluster({ dataDir: path.join(project.dir, '.topicops/cluster') });
    try {
      const res = await runCli(['plan'], { cwd: project.dir });
      expect(res.code).toBe(1);
      expect(res.stderr).toContain(String(process.pid));
      expect(res.stderr).toContain('--bootstrap');
    } finally {
      await tc.stop();
      await project.cleanup();
    }
  });

  it('fails clearly when the cluster cannot be reached', async () => {
    const res = await runCli(['plan', '--bootstrap', '127.0.0.1:1'], { timeoutMs: 60_000 });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cannot reach the Kafka cluster at 127.0.0.1:1');
  });
});

const ANSI = /\u001b\[/;
const haveScript = spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;

/** Runs validate on a pseudo-terminal (util-linux `script`), with NO_COLOR set or unset; returns what the screen shows. */
function validateOnTerminal(dir: string, noColor: boolean): string {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  if (noColor) env.NO_COLOR = '1';
  const cmd = `${process.execPath} ${path.join(REPO_ROOT, 'bin/topicops.js')} validate --dir ${dir}`;
  const res = spawnSync('script', ['-qec', cmd, '/dev/null'], { env, encoding: 'utf8', input: '', timeout: 45_000 });
  return res.stdout;
}

describe('NO_COLOR', () => {
  it('leaves ANSI escapes out of the output', async () => {
    const res = await runCli(['validate', '--dir', BROKEN], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('error');
    expect(res.stderr).not.toMatch(ANSI);
    expect(res.stdout).not.toMatch(ANSI);
    // FORCE_COLOR alone does colour the same output: the escapes above are absent because of NO_COLOR.
    const forced = await runCli(['validate', '--dir', BROKEN], { env: { NO_COLOR: '', FORCE_COLOR: '1' } });
    expect(forced.stderr).toMatch(ANSI);
  });

  it.skipIf(!haveScript)('turns off the colours a terminal gets by default', () => {
    const coloured = validateOnTerminal(BROKEN, false);
    expect(coloured).toContain('error');
    expect(coloured).toMatch(ANSI);
    const plain = validateOnTerminal(BROKEN, true);
    expect(plain).toContain('error');
    expect(plain).not.toMatch(ANSI);
  });
});

describe('--cluster', () => {
  it('selects a named cluster from topicops.yaml instead of the default one', async () => {
    const tc = await startTestCluster();
    const project = await tempProject({ projectFile: null });
    try {
      await writeFile(
        path.join(project.dir, 'topicops.yaml'),
        [
          'clusters:',
          '  local:',
          '    builtIn: { brokers: 3, dataDir: .topicops/cluster }',
          `  staging: { bootstrap: [${tc.cluster.bootstrap.split(',').join(', ')}] }`,
          'defaultCluster: local',
          'defaults: { partitions: 6, replicationFactor: 3 }',
          '',
        ].join('\n'),
      );
      const apply = await runCli(['apply', '--yes', '--cluster', 'staging'], { cwd: project.dir });
      expect(apply.code).toBe(0);
      expect(apply.stdout).toContain('+ create orders.v1');
      const admin = await tc.admin();
      expect(await admin.listTopics()).toContain('orders.v1');
      // The default (built-in) cluster was never started.
      expect(existsSync(path.join(project.dir, '.topicops/cluster'))).toBe(false);
      const again = await runCli(['plan', '--detailed-exitcode', '--cluster', 'staging'], { cwd: project.dir });
      expect(again.code).toBe(0);
    } finally {
      await tc.stop();
      await project.cleanup();
    }
  });

  it('refuses an unknown cluster name, listing the known ones', async () => {
    const res = await runCli(['plan', '--cluster', 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr.trim()).toBe('Error: --cluster: no cluster named "nope" in topicops.yaml (known: local)');
  });
});
