/** The CLI's contract beyond apply: validate, --help, --bootstrap, the data-dir lock, bad flags. */
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
