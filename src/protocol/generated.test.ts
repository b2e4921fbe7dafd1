import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { DEFAULT_OUT_DIR, GENERATED_HEADER, generateMessageFiles } from '../../scripts/gen-messages.js';
import { ApiKey } from './api-keys.js';
import { apiName, knownApiKeys, schemaVersionRange } from './schema.js';

describe('generated message files', () => {
  it('running the generator reproduces the committed files exactly (npm run gen:messages to refresh)', () => {
    const files = generateMessageFiles();
    const onDisk = readdirSync(DEFAULT_OUT_DIR).filter((f) => f.endsWith('.ts')).sort();
    expect(onDisk).toEqual([...files.keys()].sort());
    for (const [name, content] of files) {
      expect(readFileSync(`${DEFAULT_OUT_DIR}/${name}`, 'utf8'), name).toBe(content);
      expect(content.startsWith(GENERATED_HEADER)).toBe(true);
    }
  });

  it('ApiKey lists every API with a request and response schema', () => {
    expect(Object.values(ApiKey).sort((a, b) => a - b)).toEqual(knownApiKeys());
    for (const [name, key] of Object.entries(ApiKey)) expect(apiName(key)).toBe(name);
    expect(ApiKey.DescribeCluster).toBe(60);
    expect(schemaVersionRange(ApiKey.CreateTopics)).toEqual({ min: 0, max: 7 });
    expect(schemaVersionRange(999)).toBeUndefined();
    expect(apiName(999)).toBeUndefined();
  });
});
