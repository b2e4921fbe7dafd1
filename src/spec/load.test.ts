import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleProject, formatProblems, hasErrors, loadProject } from './index.js';
import { FIXTURES, REPO_ROOT, expectProblem, loadFixture, topic, topicNames } from './test-support.js';

describe('the repository example (topicops.yaml + topics/)', async () => {
  const r = await loadProject(REPO_ROOT);

  it('validates cleanly', () => {
    expect(formatProblems(r.problems, { color: false })).toBe('0 errors, 0 warnings');
  });

  it('is the documented example', () => {
    expect(r.project.clusters).toEqual({
      local: { name: 'local', builtIn: { brokers: 3, racks: ['a', 'b', 'c'], dataDir: path.join(REPO_ROOT, '.topicops/cluster') } },
    });
    expect(r.project.defaultCluster).toBe('local');
    expect(r.project.defaults).toEqual({ partitions: 6, replicationFactor: 3, config: {} });
    expect(r.desired.protectedTopics).toEqual(['^__']);
    expect(r.desired.prune).toBe(false);
    expect(topic(r, 'orders.v1')).toMatchObject({ partitions: 12, replicationFactor: 3, config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000' } });
    expect(topic(r, 'customers.state.v1').config).toMatchObject({
      'cleanup.policy': 'compact', 'min.compaction.lag.ms': '3600000', 'delete.retention.ms': '86400000',
    });
    expect(topic(r, 'payments.v1')).toMatchObject({
      replicationFactor: 3,
      config: { 'min.insync.replicas': '2', 'retention.ms': '2592000000', 'max.message.bytes': '2097152' },
    });
    expect(topic(r, 'clickstream.v1').config['retention.bytes']).toBe('1073741824');
    expect(r.desired.topics.length).toBeGreaterThanOrEqual(5);
  });
});

describe('the broken fixture: every problem in one run', async () => {
  const r = await loadFixture('broken');
  const p = r.problems;

  it('reports problems in 4 files, including a YAML syntax error', () => {
    expectProblem(p, 'topicops.yaml:8:1', 'error', 'prunes', 'unknown key "prunes"; did you mean "prune"?');
    expectProblem(p, 'topics/misc.yaml:2:7', 'error', 'name', 'matches protected pattern');
    expectProblem(p, 'topics/misc.yaml:6:1', 'error', '', 'a topic document must be a mapping');
    expectProblem(p, 'topics/misc.yaml:11:20', 'error', 'replicationFactor', 'expected an integer, got the string "three"');
    expectProblem(p, 'topics/misc.yaml:12:12', 'error', 'placement', 'placement static requires replicaAssignment');
    expectProblem(p, 'topics/orders.yaml:2:7', 'error', 'name', 'duplicate topic "orders.v1": also declared at topics/misc.yaml:10:7');
    expectProblem(p, 'topics/orders.yaml:5:1', 'error', 'config', 'config retention.ms must be set (policy requiredConfigs)');
    expectProblem(p, 'topics/orders.yaml:6:3', 'error', 'config.retention.msx', 'did you mean "retention.ms"?');
    expectProblem(p, 'topics/orders.yaml:7:24', 'error', 'config.min.insync.replicas', 'can never accept an acks=all write');
    expectProblem(p, 'topics/orders.yaml:9:7', 'error', 'name', 'collides with "orders.v1"');
    expectProblem(p, 'topics/orders.yaml:10:1', 'error', 'partiton', 'did you mean "partitions"?');
    expectProblem(p, 'topics/orders.yaml:12:17', 'error', 'config.retention.ms', 'Invalid value -5 for configuration retention.ms: Value must be at least -1');
    expectProblem(p, 'topics/payments.yaml:3:13', 'error', 'partitions', '128 partitions exceeds policy maxPartitions (64)');
    expectProblem(p, 'topics/payments.yaml:5:17', 'error', 'config.retention.ms', 'not a whole number of milliseconds');
    expectProblem(p, 'topics/payments.yaml:6:24', 'warning', 'config.min.insync.replicas', 'one broker down blocks acks=all writes');
    expectProblem(p, 'topics/payments.yaml:9:14', 'error', '', 'YAML syntax error: Nested mappings are not allowed in compact mappings');
    expect(p).toHaveLength(16);
    expect(hasErrors(p)).toBe(true);
    expect(formatProblems(p, { color: false }).split('\n').at(-1)).toBe('15 errors, 1 warning');
  });

  it('sorts problems: topicops.yaml first, then topic files in path order, then line and column', () => {
    const files = [...new Set(p.map((x) => x.file))];
    expect(files).toEqual(['topicops.yaml', 'topics/misc.yaml', 'topics/orders.yaml', 'topics/payments.yaml']);
    for (let i = 1; i < p.length; i++) {
      if (p[i].file === p[i - 1].file) expect(p[i].line * 1000 + p[i].column).toBeGreaterThanOrEqual(p[i - 1].line * 1000 + p[i - 1].column);
    }
  });

  it('keeps erroneous topics out of the desired state', () => {
    expect(topicNames(r)).toEqual([]);
  });
});

describe('topic files', () => {
  it('are *.yaml/*.yml at any depth, sorted, skipping dot-entries and other files; empty documents ignored', async () => {
    const r = await loadFixture('clusters-good');
    expect(r.desired.topics.map((t) => `${t.source?.file} ${t.name}`)).toEqual([
      'streams/a.yaml a-top.v1',
      'streams/a/b/deep.YAML deep.v1',
      'streams/z.yml z-top.v1',
    ]);
  });

  it('YAML errors, empty files and non-mapping documents (fixture yaml/)', async () => {
    const r = await loadFixture('yaml');
    const p = r.problems;
    expectProblem(p, 'topics/syntax.yaml:6:14', 'error', '', 'YAML syntax error: Nested mappings are not allowed in compact mappings');
    expectProblem(p, 'topics/syntax.yaml:9:1', 'error', '', 'YAML syntax error: Map keys must be unique');
    expectProblem(p, 'topics/syntax.yaml:13:1', 'error', '', 'YAML syntax error: Tabs are not allowed as indentation');
    expectProblem(p, 'topics/shapes.yaml:1:1', 'error', '', 'a topic document must be a mapping', 'got a list');
    expectProblem(p, 'topics/shapes.yaml:3:1', 'error', '', 'got a string');
    expectProblem(p, 'topics/shapes.yaml:5:1', 'error', '', 'got nothing');
    expectProblem(p, 'topics/shapes.yaml:7:7', 'error', 'name', 'expected a string, got the number 42');
    expectProblem(p, 'topics/shapes.yaml:8:13', 'error', 'partitions', 'expected an integer, got the string "six"');
    expectProblem(p, 'topics/shapes.yaml:9:20', 'error', 'replicationFactor', 'expected an integer, got the number 1.5');
    expectProblem(p, 'topics/shapes.yaml:10:9', 'error', 'config', 'expected a mapping, got a list');
    expectProblem(p, 'topics/shapes.yaml:11:14', 'error', 'description', 'expected a string, got a list');
    expectProblem(p, 'topics/shapes.yaml:17:16', 'error', 'config.retention.ms', 'got nothing');
    expectProblem(p, 'topics/shapes.yaml:18:18', 'error', 'config.segment.bytes', 'got a mapping');
    expect(p).toHaveLength(13);
    expect(topicNames(r)).toEqual(['fine.v1', 'after-errors.v1']);
  });

  it('assembleProject is the same pipeline without the filesystem', () => {
    const r = assembleProject('/p', { file: 'topicops.yaml', text: 'defaults: { partitions: 2, replicationFactor: 1 }\n' }, [
      { file: 'topics/a.yaml', text: 'name: a.v1\nconfig: { retention.ms: 1d }\n' },
      { file: 'topics/b.yaml', text: 'name: a.v1\n' },
    ]);
    expect(r.desired.topics).toEqual([
      { name: 'a.v1', partitions: 2, replicationFactor: 1, config: { 'retention.ms': '86400000' }, source: { file: 'topics/a.yaml', line: 1, column: 7 } },
    ]);
    expect(r.problems).toEqual([
      { severity: 'error', file: 'topics/b.yaml', line: 1, column: 7, path: 'name', message: 'duplicate topic "a.v1": also declared at topics/a.yaml:1:7' },
    ]);
  });

  it('a missing project dir is a warning, not a throw', async () => {
    const r = await loadProject(path.join(FIXTURES, 'does-not-exist'));
    expect(r.problems).toEqual([
      { severity: 'warning', file: 'topics', line: 0, column: 0, path: '', message: 'topics directory topics does not exist; no topics declared' },
    ]);
    expect(r.desired.topics).toEqual([]);
  });

  it('an unreadable entry under the topics dir is a problem of its own; the rest still loads', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'topicops-spec-'));
    try {
      await mkdir(path.join(dir, 'topics'));
      await writeFile(path.join(dir, 'topics', 'good.yaml'), 'name: good.v1\npartitions: 1\nreplicationFactor: 1\n');
      await symlink(path.join(dir, 'nowhere'), path.join(dir, 'topics', 'dangling'));
      const r = await loadProject(dir);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ severity: 'error', file: 'topics/dangling', line: 0, path: '' });
      expect(r.problems[0].message).toContain('cannot read: ENOENT');
      expect(topicNames(r)).toEqual(['good.v1']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
