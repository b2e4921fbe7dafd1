import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MESSAGE_SPECS } from './generated/schemas.js';
import { decodeRequestBody, decodeRequestHeader, decodeResponseFrame, encodeRequestFrame, encodeResponseFrame } from './codec.js';
import { Reader } from './reader.js';
import { defaultStruct } from './schema.js';
import { decodeMessage, encodeMessage } from './struct-codec.js';
import { buildSample } from './testing/samples.js';
import { parseVersions } from './versions.js';
import { Writer } from './writer.js';
import { stripJsonComments } from '../../scripts/gen-messages.js';

const SPEC_DIR = new URL('../../vendor/kafka-spec/messages/', import.meta.url).pathname;

function versionsOf(range: string): number[] {
  const r = parseVersions(range);
  if (!r) return [];
  return Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i);
}

function roundTrip(name: string, version: number, input: object): { decoded: unknown; bytes: number } {
  const spec = MESSAGE_SPECS.find((m) => m.name === name)!;
  const w = new Writer();
  encodeMessage(w, spec, version, input);
  const buf = Buffer.from(w.toBuffer());
  const r = new Reader(buf);
  const decoded = decodeMessage(r, spec, version);
  expect(r.offset, 'decoder consumed every byte').toBe(buf.length);
  return { decoded, bytes: buf.length };
}

const pairs = MESSAGE_SPECS.flatMap((m) => versionsOf(m.validVersions).map((v) => ({ name: m.name, version: v, spec: m })));

describe('round trip of every (message, version) from the Kafka JSON', () => {
  it('covers every message file and every valid version', () => {
    const expected = readdirSync(SPEC_DIR).filter((f) => f.endsWith('.json')).flatMap((f) => {
      const json = JSON.parse(stripJsonComments(readFileSync(join(SPEC_DIR, f), 'utf8'))) as { name: string; validVersions: string };
      return versionsOf(json.validVersions).map((v) => `${json.name} v${v}`);
    });
    expect(pairs.map((p) => `${p.name} v${p.version}`).sort()).toEqual(expected.sort());
    expect(pairs.length).toBeGreaterThan(350);
  });

  it.each(pairs)('$name v$version: every field set (non-null)', ({ name, version, spec }) => {
    const sample = buildSample(spec, version, { nulls: false });
    expect(roundTrip(name, version, sample.input).decoded).toEqual(sample.expected);
  });

  it.each(pairs)('$name v$version: nullable fields null', ({ name, version, spec }) => {
    const sample = buildSample(spec, version, { nulls: true });
    expect(roundTrip(name, version, sample.input).decoded).toEqual(sample.expected);
  });

  it.each(pairs)('$name v$version: empty object encodes the defaults', ({ name, version, spec }) => {
    expect(roundTrip(name, version, {}).decoded).toEqual(defaultStruct(spec.fields, spec));
  });

  const requests = pairs.filter((p) => p.spec.type === 'request');
  it.each(requests)('$name v$version: full request frame', ({ spec, version }) => {
    const sample = buildSample(spec, version);
    const header = { apiKey: spec.apiKey!, apiVersion: version, correlationId: 0x01020304, clientId: 'client-ü' };
    const frame = encodeRequestFrame(header, sample.input);
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    const payload = frame.subarray(4);
    const decodedHeader = decodeRequestHeader(payload);
    expect(decodedHeader.header).toEqual(header);
    expect(decodeRequestBody(spec.apiKey!, version, payload, decodedHeader.bodyOffset)).toEqual(sample.expected);
  });

  const responses = pairs.filter((p) => p.spec.type === 'response');
  it.each(responses)('$name v$version: full response frame', ({ spec, version }) => {
    const sample = buildSample(spec, version, { nulls: version % 2 === 0 });
    const frame = encodeResponseFrame(spec.apiKey!, version, -7, sample.input);
    expect(frame.readInt32BE(0)).toBe(frame.length - 4);
    expect(decodeResponseFrame(spec.apiKey!, version, frame.subarray(4))).toEqual({ correlationId: -7, body: sample.expected });
  });
});
