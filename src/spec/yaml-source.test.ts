import { describe, expect, it } from 'vitest';
import { parseYaml } from './yaml-source.js';

const text = `# comment
name: orders.v1
partitions: 12
config:
  retention.ms: 7d
  flush.ms: 9223372036854775807
replicaAssignment:
  - [1, 2]
  - [2,
     3]
---
# empty document follows
---
name: second
`;

describe('parseYaml', () => {
  const { docs, problems } = parseYaml(text, 'topics/x.yaml');

  it('returns every non-empty document as data', () => {
    expect(problems).toEqual([]);
    expect(docs).toHaveLength(2);
    expect(docs[1].data).toEqual({ name: 'second' });
    expect(docs[1].start).toEqual({ line: 14, column: 1 });
  });

  it('locates values, keys and block collections (at their key)', () => {
    const d = docs[0];
    expect(d.locate(['name'])).toEqual({ line: 2, column: 7 });
    expect(d.locate(['config', 'retention.ms'])).toEqual({ line: 5, column: 17 });
    expect(d.locate(['config', 'retention.ms'], { key: true })).toEqual({ line: 5, column: 3 });
    expect(d.locate(['config'])).toEqual({ line: 4, column: 1 });
    expect(d.locate(['replicaAssignment', 1, 1])).toEqual({ line: 10, column: 6 });
    expect(d.locate(['replicaAssignment', 1])).toEqual({ line: 9, column: 5 });
  });

  it('falls back to the nearest existing ancestor', () => {
    expect(docs[0].locate(['config', 'nope'])).toEqual({ line: 4, column: 1 });
    expect(docs[0].locate(['missing'])).toEqual({ line: 2, column: 1 });
  });

  it('keeps the source text of scalars (big integers stay exact)', () => {
    expect(docs[0].scalarSource(['config', 'flush.ms'])).toBe('9223372036854775807');
    expect(docs[0].scalarSource(['config'])).toBeUndefined();
  });

  it('reports syntax errors with line:column and drops only the broken document', () => {
    const r = parseYaml('name: a\n---\nname: b\ndescription: x: y\n---\nname: c\n', 'f.yaml');
    expect(r.docs.map((d) => d.data)).toEqual([{ name: 'a' }, { name: 'c' }]);
    expect(r.problems).toEqual([
      { severity: 'error', file: 'f.yaml', line: 4, column: 14, path: '', message: 'YAML syntax error: Nested mappings are not allowed in compact mappings' },
    ]);
  });
});
