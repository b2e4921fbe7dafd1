import { describe, expect, it } from 'vitest';
import { ApiKey } from '../../protocol/api-keys.js';
import { adminApiRegistry, ApiRegistry } from './registry.js';
import type { ApiHandler } from './types.js';

const fake = (apiKey: number, minVersion: number, maxVersion: number): ApiHandler => ({
  apiKey, name: `api-${apiKey}`, minVersion, maxVersion, handle: () => ({}),
});

describe('ApiRegistry', () => {
  it('refuses a second handler for the same key', () => {
    const r = new ApiRegistry().register(fake(ApiKey.Metadata, 0, 8));
    expect(() => r.register(fake(ApiKey.Metadata, 0, 1))).toThrow(/already registered/);
  });

  it('refuses versions the codec has no schema for', () => {
    expect(() => new ApiRegistry().register(fake(ApiKey.Metadata, 0, 13))).toThrow(/outside the protocol schema/);
    expect(() => new ApiRegistry().register(fake(9999, 0, 0))).toThrow(/no schema/);
  });

  it('lists what is registered, sorted by key (ApiVersions answers from this)', () => {
    const r = new ApiRegistry().register(fake(ApiKey.DescribeCluster, 0, 0)).register(fake(ApiKey.Metadata, 0, 8));
    expect(r.versions()).toEqual([
      { apiKey: ApiKey.Metadata, minVersion: 0, maxVersion: 8 },
      { apiKey: ApiKey.DescribeCluster, minVersion: 0, maxVersion: 0 },
    ]);
  });

  it('serves every API with minimum version 0 (librdkafka enables features by range overlap)', () => {
    const versions = adminApiRegistry().versions();
    expect(versions.every((v) => v.minVersion === 0)).toBe(true);
    expect(versions.map((v) => v.apiKey)).toEqual([0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 15, 16, 18, 19, 20, 21, 22, 32, 33, 35, 37, 42, 43, 44, 45, 46, 60]);
  });
});
