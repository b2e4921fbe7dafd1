/**
 * Kafka frames: size prefix + request/response header + schema-driven body (struct-codec.ts).
 * Request header v2 (tag section after ClientId) for flexible versions, else v1; ClientId is always an
 * int16-length nullable string. Response header v1 (tag section) for flexible versions, else v0 — except
 * ApiVersions responses, which always use header v0.
 */
import { MalformedFrameError, ProtocolEncodeError } from './codec-errors.js';
import { ErrorCode, KafkaProtocolError } from './errors.js';
import { Reader } from './reader.js';
import { apiName, isFlexibleVersion, requestSpec, responseSpec } from './schema.js';
import type { MessageSpec } from './spec-types.js';
import { decodeMessage, encodeMessage } from './struct-codec.js';
import { inVersions } from './versions.js';
import { Writer } from './writer.js';

export { MalformedFrameError, ProtocolEncodeError } from './codec-errors.js';
export { apiName, isFlexibleVersion, schemaVersionRange } from './schema.js';

export interface RequestHeader {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
}

const API_VERSIONS_KEY = 18;

function specFor(kind: 'request' | 'response', apiKey: number, apiVersion: number): MessageSpec {
  const spec = kind === 'request' ? requestSpec(apiKey) : responseSpec(apiKey);
  if (!spec) throw new KafkaProtocolError(ErrorCode.UNSUPPORTED_VERSION, `no schema for API key ${apiKey}`);
  if (!inVersions(spec.validVersions, apiVersion)) {
    throw new KafkaProtocolError(ErrorCode.UNSUPPORTED_VERSION,
      `${spec.name} version ${apiVersion} is outside the schema's versions ${spec.validVersions}`);
  }
  return spec;
}

function writeClientId(w: Writer, clientId: string | null): void {
  if (clientId === null) return w.int16(-1);
  const len = Buffer.byteLength(clientId, 'utf8');
  if (len > 0x7fff) throw new ProtocolEncodeError(`clientId of ${len} bytes is longer than the 32767 allowed`);
  w.int16(len);
  w.utf8(clientId, len);
}

/** Full frame including the int32 size prefix. */
export function encodeRequestFrame(header: RequestHeader, body: object): Buffer {
  const spec = specFor('request', header.apiKey, header.apiVersion);
  const w = new Writer();
  const sizeAt = w.reserveInt32();
  w.int16(header.apiKey);
  w.int16(header.apiVersion);
  w.int32(header.correlationId);
  writeClientId(w, header.clientId);
  if (isFlexibleVersion(header.apiKey, header.apiVersion)) w.uvarint(0);
  encodeMessage(w, spec, header.apiVersion, body);
  w.patchInt32(sizeAt, w.length - 4);
  return w.toBuffer();
}

/**
 * payload = the bytes after the size prefix. Reads apiKey, apiVersion, correlationId and clientId, then, for a known API
 * whose version is flexible, the header's tagged-field section.
 */
export function decodeRequestHeader(payload: Buffer): { header: RequestHeader; bodyOffset: number } {
  const r = new Reader(payload);
  try {
    const apiKey = r.int16();
    const apiVersion = r.int16();
    const correlationId = r.int32();
    const at = r.offset;
    const len = r.int16();
    let clientId: string | null = null;
    if (len < -1) r.fail(`negative clientId length ${len}`, at);
    if (len >= 0) {
      if (len > r.remaining) r.fail(`clientId length ${len} exceeds the ${r.remaining} bytes remaining`, at);
      clientId = r.utf8(len);
    }
    if (isFlexibleVersion(apiKey, apiVersion)) r.skipTaggedFields();
    return { header: { apiKey, apiVersion, correlationId, clientId }, bodyOffset: r.offset };
  } catch (e) {
    if (e instanceof MalformedFrameError) e.inMessage('request header');
    throw e;
  }
}

/** Decodes a request body; throws KafkaProtocolError(35) for an unknown API or version, MalformedFrameError for bad bytes. */
export function decodeRequestBody<T = Record<string, unknown>>(
  apiKey: number, apiVersion: number, payload: Buffer, bodyOffset: number,
): T {
  const spec = specFor('request', apiKey, apiVersion);
  return decodeMessage<T>(new Reader(payload, bodyOffset), spec, apiVersion);
}

function responseHasTagSection(apiKey: number, apiVersion: number): boolean {
  return apiKey !== API_VERSIONS_KEY && isFlexibleVersion(apiKey, apiVersion);
}

/** Full frame including the size prefix. */
export function encodeResponseFrame(apiKey: number, apiVersion: number, correlationId: number, body: object): Buffer {
  const spec = specFor('response', apiKey, apiVersion);
  const w = new Writer();
  const sizeAt = w.reserveInt32();
  w.int32(correlationId);
  if (responseHasTagSection(apiKey, apiVersion)) w.uvarint(0);
  encodeMessage(w, spec, apiVersion, body);
  w.patchInt32(sizeAt, w.length - 4);
  return w.toBuffer();
}

/** payload = the bytes after the size prefix. */
export function decodeResponseFrame<T = Record<string, unknown>>(
  apiKey: number, apiVersion: number, payload: Buffer,
): { correlationId: number; body: T } {
  const spec = specFor('response', apiKey, apiVersion);
  const r = new Reader(payload);
  let correlationId: number;
  try {
    correlationId = r.int32();
    if (responseHasTagSection(apiKey, apiVersion)) r.skipTaggedFields();
  } catch (e) {
    if (e instanceof MalformedFrameError) e.inMessage(`${apiName(apiKey)} v${apiVersion} response header`);
    throw e;
  }
  return { correlationId, body: decodeMessage<T>(r, spec, apiVersion) };
}

/** Reads only the correlation id of a response payload (to route it before knowing the API). */
export function peekCorrelationId(payload: Buffer): number {
  return new Reader(payload).int32();
}
