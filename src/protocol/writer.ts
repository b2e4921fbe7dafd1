/** Growable big-endian writer for Kafka wire types. */
export class Writer {
  private buf: Buffer;
  length = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  /** Reserves n bytes and returns their offset. May replace `this.buf`: read `this.buf` only after calling it. */
  private ensure(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = Buffer.allocUnsafe(size);
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.length = at + n;
    return at;
  }

  int8(v: number): void { const at = this.ensure(1); this.buf.writeInt8(v, at); }
  int16(v: number): void { const at = this.ensure(2); this.buf.writeInt16BE(v, at); }
  int32(v: number): void { const at = this.ensure(4); this.buf.writeInt32BE(v, at); }
  int64(v: bigint): void { const at = this.ensure(8); this.buf.writeBigInt64BE(v, at); }
  uint16(v: number): void { const at = this.ensure(2); this.buf.writeUInt16BE(v, at); }
  uint32(v: number): void { const at = this.ensure(4); this.buf.writeUInt32BE(v, at); }
  float64(v: number): void { const at = this.ensure(8); this.buf.writeDoubleBE(v, at); }
  bool(v: boolean): void { const at = this.ensure(1); this.buf[at] = v ? 1 : 0; }

  uvarint(v: number): void {
    let value = v;
    while (value >= 0x80) {
      const at = this.ensure(1);
      this.buf[at] = (value & 0x7f) | 0x80;
      value = Math.floor(value / 128);
    }
    const at = this.ensure(1);
    this.buf[at] = value;
  }

  varint(v: number): void {
    this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  raw(b: Uint8Array): void {
    const at = this.ensure(b.length);
    this.buf.set(b, at);
  }

  /** Writes a UTF-8 string whose byte length the caller has already written. */
  utf8(s: string, byteLength: number): void {
    const at = this.ensure(byteLength);
    this.buf.write(s, at, byteLength, 'utf8');
  }

  /** Reserves an int32 to fill in later with `patchInt32` (frame sizes). */
  reserveInt32(): number {
    return this.ensure(4);
  }

  patchInt32(at: number, v: number): void {
    this.buf.writeInt32BE(v, at);
  }

  /** The bytes written so far (a view, not a copy: do not keep writing after taking it). */
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
