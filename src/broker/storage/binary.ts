/**
 * Byte-level helpers for the record format: int64 as JS numbers (exact below 2^53, which offsets and
 * millisecond timestamps are), and protobuf-style zig-zag varints / varlongs as Kafka's
 * ByteUtils writes them. Readers throw CorruptRecordError on malformed input.
 */
import { CorruptRecordError } from './errors.js';

const TWO_32 = 4294967296;

export function readInt64(buf: Buffer, offset: number): number {
  return buf.readInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
}

export function writeInt64(buf: Buffer, value: number, offset: number): void {
  const hi = Math.floor(value / TWO_32);
  buf.writeInt32BE(hi, offset);
  buf.writeUInt32BE(value - hi * TWO_32, offset + 4);
}

/** A cursor over a buffer, for decoding records. */
export class ByteReader {
  pos: number;

  constructor(
    readonly buf: Buffer,
    pos = 0,
    readonly end = buf.length,
  ) {
    this.pos = pos;
  }

  get remaining(): number {
    return this.end - this.pos;
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.pos++);
  }

  /** Zig-zag varint (int32). */
  varint(): number {
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 5; i++) {
      this.need(1);
      const b = this.buf[this.pos++];
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return (result >>> 1) ^ -(result & 1);
      shift += 7;
    }
    throw new CorruptRecordError('Varint is too long, the most significant bit in the 5th byte is set');
  }

  /** Zig-zag varlong (int64), exact for |value| < 2^53. */
  varlong(): number {
    let result = 0;
    let factor = 1;
    for (let i = 0; i < 10; i++) {
      this.need(1);
      const b = this.buf[this.pos++];
      result += (b & 0x7f) * factor;
      if ((b & 0x80) === 0) return result % 2 === 0 ? result / 2 : -(result + 1) / 2;
      factor *= 128;
    }
    throw new CorruptRecordError('Varlong is too long, the most significant bit in the 10th byte is set');
  }

  /** Returns a view (no copy) of the next `len` bytes. */
  bytes(len: number): Buffer {
    this.need(len);
    const out = this.buf.subarray(this.pos, this.pos + len);
    this.pos += len;
    return out;
  }

  skip(len: number): void {
    this.need(len);
    this.pos += len;
  }

  private need(n: number): void {
    if (n < 0 || this.pos + n > this.end) {
      throw new CorruptRecordError(`Record is truncated: needed ${n} more bytes at position ${this.pos} of ${this.end}`);
    }
  }
}

export function sizeOfVarint(value: number): number {
  let v = ((value << 1) ^ (value >> 31)) >>> 0;
  let bytes = 1;
  while (v >= 0x80) {
    v >>>= 7;
    bytes++;
  }
  return bytes;
}

function zigzagLong(value: number): number {
  return value >= 0 ? value * 2 : -value * 2 - 1;
}

export function sizeOfVarlong(value: number): number {
  let v = zigzagLong(value);
  let bytes = 1;
  while (v >= 128) {
    v = Math.floor(v / 128);
    bytes++;
  }
  return bytes;
}

/** A growable output buffer. */
export class ByteWriter {
  private buf: Buffer;
  private len = 0;

  constructor(initialSize = 256) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }

  get length(): number {
    return this.len;
  }

  int8(value: number): this {
    this.ensure(1);
    this.buf.writeInt8(value, this.len);
    this.len += 1;
    return this;
  }

  varint(value: number): this {
    this.ensure(5);
    let v = ((value << 1) ^ (value >> 31)) >>> 0;
    while (v >= 0x80) {
      this.buf[this.len++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[this.len++] = v;
    return this;
  }

  varlong(value: number): this {
    this.ensure(10);
    let v = zigzagLong(value);
    while (v >= 128) {
      this.buf[this.len++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.len++] = v;
    return this;
  }

  bytes(data: Uint8Array): this {
    this.ensure(data.length);
    this.buf.set(data, this.len);
    this.len += data.length;
    return this;
  }

  reset(): void {
    this.len = 0;
  }

  /** The written bytes (a view; copy it if the writer is reused). */
  result(): Buffer {
    return this.buf.subarray(0, this.len);
  }

  private ensure(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
}
