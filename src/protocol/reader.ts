import { MalformedFrameError } from './codec-errors.js';

/**
 * Bounds-checked big-endian reader for Kafka wire types. Every read past the end (or any malformed length)
 * throws MalformedFrameError, never a RangeError.
 */
export class Reader {
  offset: number;

  constructor(readonly buf: Buffer, offset = 0, readonly end = buf.length) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  fail(detail: string, at: number = this.offset): never {
    throw new MalformedFrameError(detail, at);
  }

  private need(n: number, what: string): number {
    const at = this.offset;
    if (n > this.end - at) this.fail(`${what} needs ${n} bytes but only ${this.end - at} remain`);
    this.offset = at + n;
    return at;
  }

  int8(): number { return this.buf.readInt8(this.need(1, 'int8')); }
  int16(): number { return this.buf.readInt16BE(this.need(2, 'int16')); }
  int32(): number { return this.buf.readInt32BE(this.need(4, 'int32')); }
  int64(): bigint { return this.buf.readBigInt64BE(this.need(8, 'int64')); }
  uint16(): number { return this.buf.readUInt16BE(this.need(2, 'uint16')); }
  uint32(): number { return this.buf.readUInt32BE(this.need(4, 'uint32')); }
  float64(): number { return this.buf.readDoubleBE(this.need(8, 'float64')); }
  bool(): boolean { return this.buf[this.need(1, 'bool')] !== 0; }

  /** Unsigned varint up to 32 bits (Kafka ByteUtils.readUnsignedVarint). */
  uvarint(): number {
    const start = this.offset;
    let value = 0;
    for (let i = 0; i < 5; i++) {
      if (this.offset >= this.end) this.fail('truncated unsigned varint', start);
      const b = this.buf[this.offset++];
      value += (b & 0x7f) * 2 ** (7 * i);
      if ((b & 0x80) === 0) {
        if (value > 0xffffffff) this.fail('unsigned varint exceeds 32 bits', start);
        return value;
      }
    }
    return this.fail('unsigned varint longer than 5 bytes', start);
  }

  /** Zig-zag signed varint (32 bits). */
  varint(): number {
    const u = this.uvarint();
    return (u % 2 === 0 ? u / 2 : -(u + 1) / 2);
  }

  raw(n: number, what = 'bytes'): Buffer {
    const at = this.need(n, what);
    return this.buf.subarray(at, at + n);
  }

  utf8(n: number): string {
    const at = this.need(n, 'string');
    return this.buf.toString('utf8', at, at + n);
  }

  uuid(): string {
    const hex = this.raw(16, 'uuid').toString('hex');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  /** Skips a tagged-field section (count, then tag/size/bytes per field). */
  skipTaggedFields(): void {
    const n = this.uvarint();
    for (let i = 0; i < n; i++) {
      this.uvarint();
      this.raw(this.uvarint(), 'tagged field');
    }
  }
}
